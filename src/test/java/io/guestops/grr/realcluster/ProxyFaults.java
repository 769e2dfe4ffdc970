package io.guestops.grr.realcluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The faults a {@link KubeFaultProxy} in front of the API server adds to the chaos run, as
 * {@link ChaosFault}s: every watch cut at once, the API server unreachable for a while (connections
 * reset, not refused by a restarting server), and the leader's Lease renewals refused until its renew
 * deadline has passed (the leader must stop acting before another replica takes the Lease).
 */
final class ProxyFaults {

    private ProxyFaults() {
    }

    /**
     * @param lease        the leader-election Lease whose renewals are refused
     * @param renewRefusal how long renewals are refused: past the renew deadline, so the leader loses the Lease
     */
    static List<ChaosFault> of(KubeFaultProxy proxy, String lease, Duration renewRefusal) {
        return List.of(new WatchCut(proxy), new Unreachable(proxy), new RenewalsRefused(proxy, lease, renewRefusal));
    }

    private record WatchCut(KubeFaultProxy proxy) implements ChaosFault {
        @Override
        public String kind() {
            return "watch cuts (proxy)";
        }

        @Override
        public void inject(Random random) {
            proxy.closeWatches();
        }
    }

    private record Unreachable(KubeFaultProxy proxy) implements ChaosFault {
        @Override
        public String kind() {
            return "API server unreachable 1-3 s (proxy)";
        }

        @Override
        public void inject(Random random) {
            Duration down = Duration.ofMillis(1000 + random.nextInt(2000));
            proxy.down();
            try {
                await().pollDelay(down).atMost(down.plusSeconds(5)).until(() -> true);
            } finally {
                proxy.up();
            }
        }
    }

    private record RenewalsRefused(KubeFaultProxy proxy, String lease, Duration refusal) implements ChaosFault {
        @Override
        public String kind() {
            return "Lease renewals refused (proxy)";
        }

        @Override
        public void inject(Random random) {
            proxy.faults().refuseLeaseRenewals(lease, random.nextBoolean() ? 409 : 503);
            try {
                await().pollDelay(refusal).atMost(refusal.plusSeconds(5)).until(() -> true);
            } finally {
                proxy.faults().allowLeaseRenewals();
            }
        }
    }
}
