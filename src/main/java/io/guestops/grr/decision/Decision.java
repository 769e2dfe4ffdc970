package io.guestops.grr.decision;

/**
 * The next action plus the facts about the guest that status should remember.
 *
 * @param userId        the resolved object id, or null when the guest was not found
 * @param previousEmail the guest's mail before the operator first changed it, or null when unknown
 */
public record Decision(Action action, String userId, String previousEmail) {

    static Decision of(Action action) {
        return new Decision(action, null, null);
    }
}
