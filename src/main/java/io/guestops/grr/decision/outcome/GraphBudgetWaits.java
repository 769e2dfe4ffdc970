package io.guestops.grr.decision.outcome;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What waiting for the tenant's Graph budget means for a resource. A wait writes nothing: the pass
 * is simply called again later (most waits are a fraction of a second, and a status write per wait
 * would cost the API server more than the wait). Only a resource that waits long shows it, once, as
 * {@code Reconciling/WaitingForGraphBudget}; an identical status is never written again, and a
 * settled or stalled resource keeps its conditions.
 */
public final class GraphBudgetWaits {

    /** A wait at least this long is worth telling the user about. */
    static final Duration LONG_WAIT = Duration.ofSeconds(10);

    private GraphBudgetWaits() {
    }

    /**
     * Whether a pass may write to Graph, so must hold a write of the budget: unless the resource is
     * Ready for its current generation, where a pass only checks for drift.
     */
    public static boolean mayWrite(GuestRedemptionResetStatus status, long generation) {
        boolean settled = status != null && status.getObservedGeneration() != null && status.getObservedGeneration() == generation
                && status.conditionIsTrue(Conditions.READY);
        return !settled;
    }

    /**
     * The outcome to record while the pass waits {@code wait} for the budget, or empty to record
     * nothing and only call the pass again after {@code wait}.
     */
    public static Optional<Outcome> waiting(Duration wait, GuestRedemptionResetStatus status, long generation) {
        boolean showing = status != null && status.condition(Conditions.RECONCILING)
                .map(c -> Reasons.WAITING_FOR_GRAPH_BUDGET.equals(c.getReason())).orElse(false);
        boolean stalled = status != null && status.conditionIsTrue(Conditions.STALLED);
        boolean worthTelling = wait.compareTo(LONG_WAIT) >= 0 && mayWrite(status, generation) && !stalled;
        return worthTelling && !showing ? Optional.of(outcome(wait)) : Optional.empty();
    }

    private static Outcome outcome(Duration wait) {
        // No time in the message: the same wait must not change the status on every pass.
        return Outcome.of(Outcome.Phase.PROGRESSING, Reasons.WAITING_FOR_GRAPH_BUDGET, "Waiting for room in the tenant's Graph "
                + "budget: the operator paces its calls to Graph's limits for this application and tenant, so that a bulk "
                + "change is not throttled.", wait);
    }
}
