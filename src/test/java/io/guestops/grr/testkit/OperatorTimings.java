package io.guestops.grr.testkit;

import io.guestops.grr.kube.OperatorSettings;
import java.time.Duration;

/** Operator settings with timings short enough for tests, still exercising every path. */
public final class OperatorTimings {

    /** The Lease the replicas of one operator elect their leader on, as the deployment names it. */
    public static final String LEASE = "guest-redemption-operator";
    /** How long a dead leader keeps the Lease: the takeover tests wait about this long. */
    public static final Duration LEASE_DURATION = Duration.ofSeconds(2);

    private OperatorTimings() {
    }

    /** The end-to-end tests': a 2 s settle window, backoff from 200 ms to 2 s, four threads. */
    public static OperatorSettings endToEnd() {
        return OperatorSettings.builder()
                .settleWindow(Duration.ofSeconds(2))
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .threads(4).build();
    }

    /** The end-to-end timings with policies on, as `run` has them. */
    public static OperatorSettings endToEndWithPolicies() {
        return endToEnd().toBuilder().policies(true).build();
    }

    /** The drift-repair tests': the end-to-end timings, each tenant's delta query followed every 300 ms. */
    public static OperatorSettings driftRepair() {
        return endToEnd().toBuilder().driftPoll(Duration.ofMillis(300)).build();
    }

    /**
     * The fault-injection tests': a 2 s settle window and backoff from 100 ms to 1 s, so every wait
     * the operator makes is visible and short.
     */
    public static OperatorSettings faultTests() {
        return OperatorSettings.builder()
                .settleWindow(Duration.ofSeconds(2))
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .threads(4).build();
    }

    /** {@code base} as replica {@code identity} of those electing a leader on {@code lease} in "default". */
    public static OperatorSettings replica(OperatorSettings base, String lease, String identity) {
        return base.toBuilder().leaderElection(new OperatorSettings.LeaderElection(lease, "default", identity, LEASE_DURATION,
                Duration.ofMillis(1500), Duration.ofMillis(250), false)).build();
    }
}
