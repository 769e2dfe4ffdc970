package io.guestops.grr.realcluster;

/**
 * What a resource of the scale chaos run is planted as, and how it must end: a good resource Ready,
 * a planted bad case Stalled with its reason, a resource the API server's schema refuses never in the
 * cluster at all, and one side of a fight (two resources created at once for one guest) Ready or
 * Stalled behind the other.
 */
enum PlantedCase {
    GOOD(null),
    MEMBER("NotAGuest"),
    /** Passes the CRD schema (a local part over 64 characters), refused by the operator's own validation. */
    INVALID_SPEC("InvalidSpec"),
    /** Refused by the real API server's schema validation at create: never reaches the operator. */
    SCHEMA_REFUSED(null),
    MISSING_USER("UserNotFound"),
    ROLE_HOLDER("UserHoldsDirectoryRole"),
    ADDRESS_OWNED("AddressOwnedByAnotherUser"),
    /** A younger second resource on the guest of the resource before it. */
    CONFLICT("GuestOwnedByAnotherResource"),
    POLICY_DENIED("PolicyDenied"),
    /** One of two resources created together for one guest with different emails: exactly one wins. */
    FIGHT("GuestOwnedByAnotherResource");

    final String stalledReason;

    PlantedCase(String stalledReason) {
        this.stalledReason = stalledReason;
    }
}
