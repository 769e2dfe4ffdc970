package io.guestops.grr.graph.gateway;

/**
 * The client-side budget of one (application, tenant): asked before a reconcile pass does its Graph
 * work, so a pass that would overrun Graph's limits waits outside, without holding a thread.
 */
public interface GraphBudget {

    /** Admits every pass at once: for gateways that are not paced (test doubles). */
    GraphBudget UNPACED = mayWrite -> BudgetPass.admitted(() -> { });

    /**
     * A place among the passes in Graph for this tenant and, when {@code mayWrite}, one write held
     * for it, or the time to wait before asking again. Never blocks.
     *
     * @param mayWrite the pass may send a write (the resource is not settled for its generation)
     */
    BudgetPass enter(boolean mayWrite);
}
