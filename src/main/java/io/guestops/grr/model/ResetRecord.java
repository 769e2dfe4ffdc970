package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A reset that took effect in Entra ID. */
public class ResetRecord {

    @JsonPropertyDescription("Object id of the user that was reset.")
    private String userId;

    @JsonPropertyDescription("The email the guest was re-invited with.")
    private String email;

    @JsonPropertyDescription("Id of the invitation Graph created; empty when the reset was confirmed from the "
            + "user's state because Graph's answer was lost.")
    private String invitationId;

    @JsonPropertyDescription("When the reset was issued (RFC 3339).")
    private String issuedAt;

    @JsonPropertyDescription("How the operator knows the reset took effect: GraphResponse (Graph answered 201) or "
            + "UserState (the user's externalUserStateChangeDateTime moved after the request).")
    private String confirmedBy;

    @JsonPropertyDescription("The Secret this reset's redeem link was to be written to (spec.invitation.redeemLinkSecret "
            + "when the reset was issued); empty when no link was asked for.")
    private String redeemLinkSecret;

    @JsonPropertyDescription("Whether the redeem link is in redeemLinkSecret. False when Graph's answer was lost "
            + "(confirmedBy UserState: no link exists) or the Secret could not be written.")
    private Boolean redeemLinkStored;

    public ResetRecord() {
    }

    public ResetRecord(String userId, String email, String invitationId, String issuedAt, String confirmedBy) {
        this.userId = userId;
        this.email = email;
        this.invitationId = invitationId;
        this.issuedAt = issuedAt;
        this.confirmedBy = confirmedBy;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getInvitationId() {
        return invitationId;
    }

    public void setInvitationId(String invitationId) {
        this.invitationId = invitationId;
    }

    public String getIssuedAt() {
        return issuedAt;
    }

    public void setIssuedAt(String issuedAt) {
        this.issuedAt = issuedAt;
    }

    public String getConfirmedBy() {
        return confirmedBy;
    }

    public void setConfirmedBy(String confirmedBy) {
        this.confirmedBy = confirmedBy;
    }

    public String getRedeemLinkSecret() {
        return redeemLinkSecret;
    }

    public void setRedeemLinkSecret(String redeemLinkSecret) {
        this.redeemLinkSecret = redeemLinkSecret;
    }

    public Boolean getRedeemLinkStored() {
        return redeemLinkStored;
    }

    public void setRedeemLinkStored(Boolean redeemLinkStored) {
        this.redeemLinkStored = redeemLinkStored;
    }

    /** This record, saying where its redeem link went: {@code secretName} asked for, {@code stored} or not. */
    public ResetRecord withRedeemLink(String secretName, boolean stored) {
        ResetRecord copy = new ResetRecord(userId, email, invitationId, issuedAt, confirmedBy);
        copy.setRedeemLinkSecret(secretName);
        copy.setRedeemLinkStored(stored);
        return copy;
    }
}
