package io.guestops.grr.decision.ownership;

import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.spec.SpecValidator;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One owner per guest. When several resources name the same guest, only the oldest acts on it;
 * the others stall and make no Graph write, so two desired emails can never fight over one guest.
 * The rule needs no coordination: every resource computes the same owner from the same facts, and
 * the next one in line takes over by itself once the owner is deleted or points elsewhere.
 */
public final class GuestOwnership {

    /**
     * Oldest first. Resources created in the same second (creation times have second precision)
     * prefer the one that has already written to this guest, so a newcomer that sorts first by name
     * cannot take over a guest another resource is already changing; then namespace and name.
     */
    private static Comparator<Peer> ownerOrder(String userId) {
        return Comparator.comparing((Peer peer) -> peer.ref().createdAt(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(peer -> !hasWritten(peer.status(), userId))
                .thenComparing(peer -> peer.ref().namespace())
                .thenComparing(peer -> peer.ref().name());
    }

    private GuestOwnership() {
    }

    /** The resource that owns {@code user} among {@code self} and the others naming it. */
    static Peer owner(Peer self, List<Peer> others, GuestUser user) {
        Peer owner = self;
        Comparator<Peer> order = ownerOrder(user.id());
        for (Peer other : others) {
            if (namesGuest(other, user) && order.compare(other, owner) < 0) {
                owner = other;
            }
        }
        return owner;
    }

    public static Optional<Step.Stall> check(Peer self, List<Peer> others, GuestUser user) {
        Peer owner = owner(self, others, user);
        if (owner == self) {
            return Optional.empty();
        }
        return Optional.of(ownedByAnother(owner.ref().toString(), user.id()));
    }

    /**
     * The stall of a resource behind the guest's owner, in the same words whether age or the guest's
     * claim named the owner: a pass judged by age and a later one judged by the claim must not leave
     * an Event and a condition that seem to disagree about the same owner.
     */
    static Step.Stall ownedByAnother(String owner, String userId) {
        return new Step.Stall(Reasons.GUEST_OWNED_BY_ANOTHER_RESOURCE, "GuestRedemptionReset " + owner
                + " names the same guest (user " + userId + ") and owns it; only one resource changes a guest. "
                + "Nothing was sent to Graph. Delete one of the two, or point this one at another guest; this one "
                + "continues by itself once no other resource owns the guest.");
    }

    /** Whether {@code peer} resolves to {@code user}, as the observer would resolve it. */
    static boolean namesGuest(Peer peer, GuestUser user) {
        if (peer.spec() == null || !SpecValidator.validate(peer.spec()).isEmpty()) {
            return false; // an invalid spec never acts on anyone
        }
        GuestReference guest = peer.spec().getGuest();
        if (guest.getUserId() != null && !guest.getUserId().isBlank()) {
            return guest.getUserId().trim().equalsIgnoreCase(user.id());
        }
        GuestRedemptionResetStatus status = peer.status();
        if (status != null && status.getUserId() != null && Emails.same(guest.getEmail(), status.getPreviousEmail())) {
            return status.getUserId().equalsIgnoreCase(user.id()); // found by mail before, kept by id since
        }
        return Emails.same(guest.getEmail(), user.mail());
    }

    private static boolean hasWritten(GuestRedemptionResetStatus status, String userId) {
        return status != null && userId.equalsIgnoreCase(status.getUserId())
                && (status.getReset() != null || status.getPendingReset() != null || status.getEmailsUpdatedAt() != null);
    }
}
