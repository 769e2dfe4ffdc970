package io.guestops.grr.testkit;

import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.kube.DecisionSetup;
import io.guestops.grr.kube.OperatorSettings;
import java.time.Duration;

/**
 * The decision and its outcomes for unit tests, wired as the operator wires them ({@link DecisionSetup})
 * from its default settings, with the retry jitter fixed at the middle so that a retry time is the
 * same at every call. The backoff starts at 2 s unless a test names another: the delays the tests'
 * tables state.
 */
public final class DecisionWiring {

    private static final Duration SETTLE_WINDOW = Duration.ofMinutes(2);
    private static final Duration BACKOFF_START = Duration.ofSeconds(2);
    private static final Duration BACKOFF_CAP = Duration.ofMinutes(5);

    private DecisionWiring() {
    }

    /** The operator's defaults: a 2 min settle window, backoff from 2 s to 5 min, resync 30 min, stalled recheck 15 min. */
    public static DecisionSetup defaults() {
        return with(SETTLE_WINDOW, BACKOFF_START, BACKOFF_CAP);
    }

    /** The defaults with another settle window. */
    public static ReconcileDecision decisionWithSettleWindow(Duration settleWindow) {
        return with(settleWindow, BACKOFF_START, BACKOFF_CAP).decision();
    }

    /** The defaults' decision. */
    public static ReconcileDecision decision() {
        return defaults().decision();
    }

    /** The defaults' outcomes. */
    public static Outcomes outcomes() {
        return defaults().outcomes();
    }

    /** The defaults with another backoff. */
    public static DecisionSetup withBackoff(Duration start, Duration cap) {
        return with(SETTLE_WINDOW, start, cap);
    }

    private static DecisionSetup with(Duration settleWindow, Duration backoffStart, Duration backoffCap) {
        return DecisionSetup.deterministic(OperatorSettings.builder().settleWindow(settleWindow).backoff(backoffStart, backoffCap).build());
    }
}
