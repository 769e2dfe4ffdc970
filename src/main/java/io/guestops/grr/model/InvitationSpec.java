package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The invitation sent with the reset (Graph's invitation resource). */
public class InvitationSpec {

    public static final String DEFAULT_REDIRECT_URL = "https://myapps.microsoft.com";

    @JsonPropertyDescription("Where the guest lands after redeeming (inviteRedirectUrl). Default https://myapps.microsoft.com.")
    private String redirectUrl = DEFAULT_REDIRECT_URL;

    @JsonPropertyDescription("Whether Microsoft emails the invitation to the guest. Default false: share the "
            + "redemption another way (the guest can sign in at the redirect URL).")
    private boolean sendInvitationMessage;

    @JsonPropertyDescription("Language of the invitation email as an ISO 639 code, for example en-US or de-DE. "
            + "Ignored by Graph when customizedMessageBody is set.")
    private String messageLanguage;

    @JsonPropertyDescription("One more address to copy the invitation email to. Graph supports only one.")
    private String ccRecipient;

    @JsonPropertyDescription("A message that replaces the standard invitation text.")
    private String customizedMessageBody;

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
}
