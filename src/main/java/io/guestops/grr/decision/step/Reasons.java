package io.guestops.grr.decision.step;

/** The CamelCase reasons the operator writes into conditions, in one place for docs and tests. */
public final class Reasons {
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String CONNECTION_INVALID = "ConnectionInvalid";
    public static final String USER_NOT_FOUND = "UserNotFound";
    public static final String AMBIGUOUS_USER = "AmbiguousUser";
    public static final String NOT_A_GUEST = "NotAGuest";
    public static final String HOLDS_DIRECTORY_ROLE = "UserHoldsDirectoryRole";
    public static final String TOO_MANY_OTHER_MAILS = "TooManyOtherMails";
    public static final String ADDRESS_OWNED_BY_ANOTHER_USER = "AddressOwnedByAnotherUser";
    public static final String GUEST_OWNED_BY_ANOTHER_RESOURCE = "GuestOwnedByAnotherResource";
    public static final String GRAPH_ACCESS_DENIED = "GraphAccessDenied";
    public static final String GRAPH_REJECTED = "GraphRejected";
    public static final String THROTTLED = "Throttled";
    public static final String GRAPH_UNAVAILABLE = "GraphUnavailable";
    public static final String RESET_OUTCOME_UNKNOWN = "ResetOutcomeUnknown";
    public static final String EMAIL_NOT_YET_VISIBLE = "EmailNotYetVisible";
    public static final String UPDATING_EMAILS = "UpdatingEmails";
    public static final String RESETTING = "ResettingRedemption";
    public static final String EMAILS_SYNCED = "EmailsSynced";
    public static final String EMAILS_DIFFER = "EmailsDiffer";
    public static final String RESET_PENDING = "ResetPending";
    public static final String RESET_DONE = "RedemptionReset";
    public static final String RESET_NOT_DONE = "NotReset";
    public static final String RESET_CONFIRMED = "ResetConfirmedFromUserState";
    public static final String PENDING_DROPPED = "PendingResetDropped";
    public static final String SETTLED = "Settled";
    public static final String RESET_ADOPTED = "ResetAdoptedFromLedger";
    public static final String LEDGER_NOT_WRITTEN = "LedgerNotWritten";
    public static final String KUBERNETES_UNAVAILABLE = "KubernetesUnavailable";
    public static final String RECONCILE_ERROR = "ReconcileError";
    public static final String REDEEM_LINK_SECRET_IN_USE = "RedeemLinkSecretInUse";
    /** Event reasons of the redeem link (not condition reasons: the reset itself took effect). */
    public static final String REDEEM_LINK_STORED = "RedeemLinkStored";
    public static final String REDEEM_LINK_NOT_STORED = "RedeemLinkNotStored";
    public static final String POLICY_DENIED = "PolicyDenied";
    public static final String RESET_LIMIT_REACHED = "ResetLimitReached";
    /** The tenant's Graph budget (paced to Graph's limits) has no room for this pass yet. */
    public static final String WAITING_FOR_GRAPH_BUDGET = "WaitingForGraphBudget";

    private Reasons() {
    }
}
