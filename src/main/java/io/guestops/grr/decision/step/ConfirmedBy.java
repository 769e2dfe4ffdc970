package io.guestops.grr.decision.step;

/**
 * How a reset's record says what confirmed it ({@code status.reset.confirmedBy}): the names users
 * see in `kubectl get` and `status`, in one place.
 */
public final class ConfirmedBy {

    /** Graph answered the reset request. */
    public static final String GRAPH_RESPONSE = "GraphResponse";
    /** The guest's state in Graph showed the reset took effect (the answer was lost). */
    public static final String USER_STATE = "UserState";
    /** Adopted from the reset ledger on the guest's claim in the cluster. */
    public static final String CLUSTER_LEDGER = "ClusterLedger";
    /** Adopted from the request noted on the guest in Entra ID. */
    public static final String ENTRA_LEDGER = "EntraLedger";

    private ConfirmedBy() {
    }
}
