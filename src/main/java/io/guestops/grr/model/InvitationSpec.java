package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The invitation sent with the reset (Graph's invitation resource). */
public class InvitationSpec {

    public static final String DEFAULT_REDIRECT_URL = "https://myapps.microsoft.com";

    /** Graph's inviteRedirectUrl is an absolute web address. */
    public static final String REDIRECT_URL_PATTERN = "^https?://";

    /** The longest URL browsers and Entra's redirect handling reliably carry. */
    public static final int REDIRECT_URL_MAX_LENGTH = 2048;

    /** An ISO 639 language code with optional subtags (en, en-US, zh-Hant-TW), as Graph's messageLanguage takes. */
    public static final String MESSAGE_LANGUAGE_PATTERN = "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$";

    /**
     * Graph documents no limit for customizedMessageBody. 10,000 characters is far more than any
     * invitation text needs and keeps a runaway value (a pasted file) out of etcd and out of every
     * reset request, where Graph would refuse it with an error far from its cause.
     */
    public static final int CUSTOMIZED_MESSAGE_BODY_MAX_LENGTH = 10_000;

    @Pattern(REDIRECT_URL_PATTERN)
    @Size(max = REDIRECT_URL_MAX_LENGTH)
    @JsonPropertyDescription("Where the guest lands after redeeming (inviteRedirectUrl). Default https://myapps.microsoft.com.")
    private String redirectUrl = DEFAULT_REDIRECT_URL;

    @JsonPropertyDescription("Whether Microsoft emails the invitation to the guest. Default false: share the "
            + "redemption another way (the guest can sign in at the redirect URL).")
    private boolean sendInvitationMessage;

    @Pattern(MESSAGE_LANGUAGE_PATTERN)
    @JsonPropertyDescription("Language of the invitation email as an ISO 639 code, for example en-US or de-DE. "
            + "Ignored by Graph when customizedMessageBody is set.")
    private String messageLanguage;

    @Pattern(EmailSyntax.PATTERN)
    @Size(max = EmailSyntax.MAX_LENGTH)
    @JsonPropertyDescription("One more address to copy the invitation email to. Graph supports only one.")
    private String ccRecipient;

    @Size(max = CUSTOMIZED_MESSAGE_BODY_MAX_LENGTH)
    @JsonPropertyDescription("A message that replaces the standard invitation text.")
    private String customizedMessageBody;

    @Pattern(ConnectionSpec.SECRET_NAME_PATTERN)
    @Size(max = ConnectionSpec.SECRET_NAME_MAX_LENGTH)
    @JsonPropertyDescription("Name of a Secret in the resource's namespace to receive the redeem link (inviteRedeemUrl) "
            + "of each reset Graph answers: key inviteRedeemUrl, plus userId, email, invitationId and issuedAt. The link "
            + "is a bearer link (whoever holds it can redeem) and is written nowhere else. The Secret is owned by this "
            + "resource and is replaced by the next reset's link; an existing Secret the resource does not own is never "
            + "overwritten. Absent: no link is kept.")
    private String redeemLinkSecret;

    public String getRedirectUrl() {
        return redirectUrl;
    }

    public void setRedirectUrl(String redirectUrl) {
        this.redirectUrl = redirectUrl;
    }

    public boolean isSendInvitationMessage() {
        return sendInvitationMessage;
    }

    public void setSendInvitationMessage(boolean sendInvitationMessage) {
        this.sendInvitationMessage = sendInvitationMessage;
    }

    public String getMessageLanguage() {
        return messageLanguage;
    }

    public void setMessageLanguage(String messageLanguage) {
        this.messageLanguage = messageLanguage;
    }

    public String getCcRecipient() {
        return ccRecipient;
    }

    public void setCcRecipient(String ccRecipient) {
        this.ccRecipient = ccRecipient;
    }

    public String getCustomizedMessageBody() {
        return customizedMessageBody;
    }

    public void setCustomizedMessageBody(String customizedMessageBody) {
        this.customizedMessageBody = customizedMessageBody;
    }

    public String getRedeemLinkSecret() {
        return redeemLinkSecret;
    }

    public void setRedeemLinkSecret(String redeemLinkSecret) {
        this.redeemLinkSecret = redeemLinkSecret;
    }
}
