package io.guestops.grr.realcluster;

import java.time.Duration;
import java.util.Random;

/**
 * The API server (etcd with it) stopped and started again on its data after up to 1.5 s: every
 * watch is cut, every request in flight fails, and a client resuming from a version the new watch
 * cache no longer holds is told 410 Gone.
 */
final class ControlPlaneRestart implements ChaosFault {

    private final RealKubernetes kube;

    ControlPlaneRestart(RealKubernetes kube) {
        this.kube = kube;
    }

    @Override
    public String kind() {
        return "API server restarts";
    }

    @Override
    public void inject(Random random) {
        Duration down = Duration.ofMillis(random.nextInt(1500));
        long start = System.nanoTime();
        kube.restart(down);
        System.out.printf("[scale chaos] API server down %d ms, answering again after %.1f s%n", down.toMillis(),
                (System.nanoTime() - start) / 1e9);
    }
}
