package io.guestops.grr.realcluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One kind of fault the scale chaos run injects at its seeded moments: a control-plane restart, a
 * replica killed, a rolling restart, or whatever a fault source in front of the API server offers
 * ({@link ProxyFaults}). The run does not know the kinds; it asks each for its name and injects it.
 *
 * @param kind      the name the run's summary counts this fault under
 * @param injection injects the fault once, given the run's seeded random; returns when it is over
 *                  (a restarted server answers again)
 */
record ChaosFault(String kind, Consumer<Random> injection) {

    /** Injects the fault once; returns when it is over. */
    void inject(Random random) {
        injection.accept(random);
    }

    /**
     * The API server (etcd with it) stopped and started again on its data after up to 1.5 s: every
     * watch is cut, every request in flight fails, and a client resuming from a version the new watch
     * cache no longer holds is told 410 Gone.
     */
    static ChaosFault controlPlaneRestart(RealKubernetes kube) {
        return new ChaosFault("API server restarts", random -> {
            Duration down = Duration.ofMillis(random.nextInt(1500));
            long start = System.nanoTime();
            kube.restart(down);
            System.out.printf("[scale chaos] API server down %d ms, answering again after %.1f s%n", down.toMillis(),
                    (System.nanoTime() - start) / 1e9);
        });
    }

    /** A replica killed (the leader half the time: a failover follows) and its replacement started, as a Deployment does. */
    static ChaosFault replicaKill(ReplicaFleet fleet, Supplier<String> leader) {
        return new ChaosFault("replica kills", random -> fleet.killAndReplace(leader.get(), random.nextBoolean()));
    }

    /** A rolling update of the operator's Deployment: every replica replaced, one at a time. */
    static ChaosFault rollingRestart(ReplicaFleet fleet) {
        return new ChaosFault("rolling restarts", random -> fleet.rollingRestart());
    }

    /** A fault that lasts: {@code begin}, then {@code end} once {@code duration} has passed (also when the wait fails). */
    static void lasting(Duration duration, Runnable begin, Runnable end) {
        begin.run();
        try {
            await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
        } finally {
            end.run();
        }
    }
}
