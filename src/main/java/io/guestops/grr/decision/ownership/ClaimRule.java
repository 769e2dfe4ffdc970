package io.guestops.grr.decision.ownership;

import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import java.time.Duration;

/**
 * The rules of a guest's claim (see {@link GuestClaim}): when a pass must read or take it, whose it
 * is once read, and that nothing is written to Graph without it.
 */
public final class ClaimRule {

    /** What a pass must do about the claim before it acts on a step. */
    public enum Access {
        /** Nothing: the step writes nothing, or the claim is already known. */
        NONE,
        /** Read it: the step defers to another resource, and this one may hold the claim (which wins). */
        READ,
        /** Take it (or confirm it is held): the step writes to Graph. */
        TAKE
    }

    private ClaimRule() {
    }

    /**
     * Only a write takes the claim, so a settled or refused resource costs no Kubernetes request. A
     * pass that settles a reset's intent reads it (the ledger holds the intent too). A
     * resource that the age rule sends behind another reads it: it may have taken the claim before
     * the other appeared (two shards, one moment), and then the claim, not age, decides.
     */
    public static Access accessFor(Step step, GuestClaim known) {
        boolean decided = known instanceof GuestClaim.HeldBySelf || known instanceof GuestClaim.HeldByAnother
                || known instanceof GuestClaim.Unavailable;
        if (decided) {
            return Access.NONE;
        }
        if (step.writesToGraph()) {
            return Access.TAKE;
        }
        if (step instanceof Step.ConfirmReset || step instanceof Step.DropPendingReset) {
            // The pass settles an intent, which the guest's ledger holds too: read it, so the
            // ledger is settled with it and the guest's next resource need not settle it again.
            return known instanceof GuestClaim.Unread ? Access.READ : Access.NONE;
        }
        boolean defers = step instanceof Step.Stall stall && Reasons.GUEST_OWNED_BY_ANOTHER_RESOURCE.equals(stall.reason());
        return defers && known instanceof GuestClaim.Unread ? Access.READ : Access.NONE;
    }

    /**
     * Whether the claim's holder may still write to {@code user}: it exists (same uid: not deleted,
     * not re-created under its name) and still names the guest. Otherwise its claim is taken over,
     * so that a later resource for the guest is not blocked forever.
     *
     * @param current    the holder as the API server shows it now, or null when it does not exist
     * @param currentUid its uid, or null
     */
    public static boolean holderMayStillWrite(ClaimHolder holder, Peer current, String currentUid, GuestUser user) {
        return current != null && holder.uid().equals(currentUid) && GuestOwnership.namesGuest(current, user);
    }

    /** The step the pass may act on: a Graph write only while this resource holds the guest's claim. */
    public static Step gate(Step step, GuestClaim claim, String userId, Duration apiServerRetry) {
        if (!step.writesToGraph() || claim instanceof GuestClaim.HeldBySelf) {
            return step;
        }
        if (claim instanceof GuestClaim.HeldByAnother other) {
            return heldByAnother(other.holder(), userId);
        }
        if (claim instanceof GuestClaim.Unavailable unavailable) {
            // Without the claim another shard may be writing to the guest: wait, never write unclaimed.
            return new Step.Wait(Reasons.KUBERNETES_UNAVAILABLE, "Could not take the claim of user " + userId
                    + " from the Kubernetes API (" + unavailable.problem() + "); nothing was sent to Graph.", apiServerRetry);
        }
        throw new IllegalStateException("a Graph write for user " + userId + " without its claim: " + claim);
    }

    /** The stall of a resource whose guest another resource has claimed. */
    public static Step.Stall heldByAnother(ClaimHolder holder, String userId) {
        return GuestOwnership.ownedByAnother(holder.toString(), userId);
    }
}
