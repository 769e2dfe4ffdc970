package io.guestops.grr.realcluster;

import java.time.Duration;
import java.util.List;

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
        return List.of(
                new ChaosFault("watch cuts (proxy)", random -> proxy.closeWatches()),
                new ChaosFault("API server unreachable 1-3 s (proxy)", random -> ChaosFault.lasting(
                        Duration.ofMillis(1000 + random.nextInt(2000)), proxy::down, proxy::up)),
                new ChaosFault("Lease renewals refused (proxy)", random -> ChaosFault.lasting(renewRefusal,
                        () -> proxy.faults().refuseLeaseRenewals(lease, random.nextBoolean() ? 409 : 503),
                        () -> proxy.faults().allowLeaseRenewals())));
    }
}
