package io.guestops.grr.kube;

import io.guestops.grr.decision.outcome.Outcome;

/**
 * Told what the operator does as it runs, for monitoring: the resets it sends, how each pass
 * ended, and whether this replica leads. Called on the operator's threads: implementations must be
 * quick and must not throw.
 */
public interface ReconcileListener {

    /** Listens to nothing. */
    ReconcileListener NONE = new ReconcileListener() {
    };

    /** A reset request was sent to Graph (its intent recorded first); what came of it follows as an outcome. */
    default void resetIssued() {
    }

    /** A pass ended with this outcome, which is being written to the resource's status. */
    default void outcomeRecorded(Outcome outcome) {
    }

    /**
     * A tenant's delta watch of the settled guests finished its first round or works again (true),
     * or has started failing (false; settled resources are then read from Graph at their resync).
     */
    default void driftWatchHealthChanged(boolean healthy) {
    }

    /** This replica started (true) or stopped (false) acting: it holds the Lease, or runs without leader election. */
    default void leadershipChanged(boolean leading) {
    }
}
