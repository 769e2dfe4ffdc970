package io.guestops.grr.decision;

/**
 * The facts about the guest that status remembers across passes.
 *
 * @param userId        the object id the spec resolved to, or null when the guest was not found
 * @param previousEmail the guest's mail before the operator first changed it, or null when unknown
 */
public record ResolvedGuest(String userId, String previousEmail) {

    public static final ResolvedGuest UNKNOWN_GUEST = new ResolvedGuest(null, null);
}
