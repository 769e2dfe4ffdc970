package io.guestops.grr.decision.ownership;

/**
 * What a pass knows of its guest's claim: the Lease every operator of the cluster (every shard and
 * replica) takes for a guest before its first Graph write to it. Creating it is atomic, so of two
 * resources racing for one guest in two processes, exactly one holds it.
 */
public sealed interface GuestClaim {

    /** Not read in this pass (nothing about to be written yet). */
    GuestClaim UNREAD = new Unread();
    /** This resource holds the claim, and the guest's ledger is empty. */
    GuestClaim HELD = new HeldBySelf(GuestLedger.EMPTY);
    /** Read: nobody who may still write holds it (no Lease, or its holder is gone or names another guest). */
    GuestClaim UNCLAIMED = new Unclaimed();

    record Unread() implements GuestClaim {}

    /** This resource holds the claim; {@code ledger} is the guest's reset ledger kept on it. */
    record HeldBySelf(GuestLedger ledger) implements GuestClaim {}

    record Unclaimed() implements GuestClaim {}

    /** Another resource, which still exists and still names the guest, holds it. */
    record HeldByAnother(ClaimHolder holder) implements GuestClaim {}

    /** The API server could not be asked; nothing may be written to Graph. */
    record Unavailable(String problem) implements GuestClaim {}
}
