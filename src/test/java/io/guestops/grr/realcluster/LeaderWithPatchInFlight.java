package io.guestops.grr.realcluster;

import io.guestops.grr.kube.OperatorSettings;
import java.time.Duration;

/**
 * What the leader tests start from, on a real API server and a Graph emulator seeded with three
 * guests and an application per replica: before each test replica-a leads and replica-b stands by
 * ({@link OperatorReplicas}, both with the test class's lease timings), guest 1 is Ready, and
 * replica-a's PATCH of guest 2 has reached Graph, which holds it {@code heldMillis}: the test begins
 * with that write in flight. The Lease's history is watched from the first replica's start. After
 * the test the replicas stop.
 */
final class LeaderWithPatchInFlight extends RealClusterWithGraph {

    /** The leader election's timings, the same for both replicas. */
    record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

        /** Production's: JOSDK's defaults (15 s lease, 10 s renew deadline, 2 s retry), which `run` keeps. */
        static final Timings PRODUCTION = of(OperatorSettings.LeaderElection.of(OperatorReplicas.LEASE, "default", "any"));

        private static Timings of(OperatorSettings.LeaderElection election) {
            return new Timings(election.leaseDuration(), election.renewDeadline(), election.retryPeriod());
        }
    }

    private final Timings timings;
    private final long heldMillis;
    private OperatorReplicas replicas;
    private LeaseHistory history;
    private OperatorReplicas.LeaderAndStandby pair;

    LeaderWithPatchInFlight(Timings timings, long heldMillis) {
        super(() -> OperatorReplicas.seed(3, "replica-a", "replica-b"), false);
        this.timings = timings;
        this.heldMillis = heldMillis;
    }

    @Override
    void setUpTest() {
        replicas = OperatorReplicas.on(kube(), emulator());
        history = LeaseHistory.watch(kube().adminClient(), replicas.namespace(), OperatorReplicas.LEASE);
        pair = replicas.leaderWithPatchInFlight(timings.leaseDuration(), timings.renewDeadline(), timings.retryPeriod(), heldMillis);
    }

    @Override
    void tearDownTest() {
        try {
            if (history != null) {
                history.close();
            }
        } finally {
            if (replicas != null) {
                replicas.close();
            }
        }
    }

    OperatorReplicas replicas() {
        return replicas;
    }

    LeaseHistory history() {
        return history;
    }

    /** replica-a, whose PATCH of guest 2 is in flight. */
    OperatorReplicas.Replica leader() {
        return pair.leader();
    }

    /** replica-b. */
    OperatorReplicas.Replica standby() {
        return pair.standby();
    }

    Timings timings() {
        return timings;
    }

    /** How long Graph holds replica-a's PATCH of guest 2 before it answers. */
    long heldMillis() {
        return heldMillis;
    }
}
