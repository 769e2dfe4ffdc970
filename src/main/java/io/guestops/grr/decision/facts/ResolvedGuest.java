package io.guestops.grr.decision.facts;

import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetStatus;

/**
 * The facts about the guest that status remembers across passes.
 *
 * @param userId        the object id the spec resolved to, or null when the guest was not found
 * @param previousEmail the guest's mail before the operator first changed it, or null when unknown
 */
public record ResolvedGuest(String userId, String previousEmail) {

    public static final ResolvedGuest UNKNOWN_GUEST = new ResolvedGuest(null, null);

    /** The guest the observation resolved to, and its mail before the operator first changed it. */
    public static ResolvedGuest of(Observation observation, GuestRedemptionResetStatus status) {
        if (!(observation instanceof Observation.Found found)) {
            return UNKNOWN_GUEST;
        }
        GuestUser user = found.user();
        boolean sameGuest = status != null && user.id().equals(status.getUserId()) && status.getPreviousEmail() != null;
        return new ResolvedGuest(user.id(), sameGuest ? status.getPreviousEmail() : user.mail());
    }
}
