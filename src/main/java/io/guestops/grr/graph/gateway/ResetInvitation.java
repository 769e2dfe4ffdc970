package io.guestops.grr.graph.gateway;

/**
 * The body of a reset: POST /invitations with {@code resetRedemption: true}.
 *
 * @param userId                 object id of the guest ({@code invitedUser.id}); required
 * @param email                  {@code invitedUserEmailAddress}; must already be in mail or otherMails
 * @param redirectUrl            {@code inviteRedirectUrl}
 * @param sendInvitationMessage  whether Graph emails the invitation
 * @param messageLanguage        ISO 639 language of the message, or null for Graph's default
 * @param ccRecipient            the one extra recipient Graph supports, or null
 * @param customizedMessageBody  text that replaces the standard message, or null
 * @param keepRedeemLink         whether the gateway keeps the answer's redeem link (not sent to Graph)
 */
public record ResetInvitation(
        String userId,
        String email,
        String redirectUrl,
        boolean sendInvitationMessage,
        String messageLanguage,
        String ccRecipient,
        String customizedMessageBody,
        boolean keepRedeemLink) {

    /** A reset whose answer's redeem link is dropped as soon as Graph returns it. */
    public ResetInvitation(String userId, String email, String redirectUrl, boolean sendInvitationMessage,
                           String messageLanguage, String ccRecipient, String customizedMessageBody) {
        this(userId, email, redirectUrl, sendInvitationMessage, messageLanguage, ccRecipient, customizedMessageBody, false);
    }

    /** The same reset, asking the gateway to keep the redeem link of the answer. */
    public ResetInvitation keepingRedeemLink() {
        return new ResetInvitation(userId, email, redirectUrl, sendInvitationMessage, messageLanguage, ccRecipient,
                customizedMessageBody, true);
    }
}
