package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A reset that took effect in Entra ID. */
public class ResetRecord implements ResetLedgerEntry {

    @JsonPropertyDescription("Object id of the user that was reset.")
    private String userId;

    @JsonPropertyDescription("The email the guest was re-invited with.")
    private String email;

    @JsonPropertyDescription("The reset request this record answers (spec.resetRequest when the reset was issued); "
            + "empty for the first request to the email.")
    private String request;

    @JsonPropertyDescription("Id of the invitation Graph created; empty when the reset was confirmed from the "
            + "user's state because Graph's answer was lost.")
    private String invitationId;

    @JsonPropertyDescription("When the reset was issued (RFC 3339).")
    private String issuedAt;

    @JsonPropertyDescription("How the operator knows the reset took effect: GraphResponse (Graph answered 201) or "
            + "UserState (the user's externalUserStateChangeDateTime moved after the request), ClusterLedger (this resource "
            + "adopted the record of an earlier resource from the reset ledger on the guest's claim, and sent nothing) or "
            + "EntraLedger (it adopted a request noted on the guest in Entra ID, which the user's state shows took effect).")
    private String confirmedBy;

    @JsonPropertyDescription("The resource that issued the reset, as namespace/name; another resource's name when "
            + "this one adopted the record from the reset ledger.")
    private String issuedBy;

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

    @Override
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    @Override
    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    @Override
    public String getRequest() {
        return request;
    }

    public void setRequest(String request) {
        this.request = request;
    }

    public String getIssuedBy() {
        return issuedBy;
    }

    public void setIssuedBy(String issuedBy) {
        this.issuedBy = issuedBy;
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
        ResetRecord copy = copy();
        copy.setRedeemLinkSecret(secretName);
        copy.setRedeemLinkStored(stored);
        return copy;
    }

    /** This record for {@code request}, issued by {@code issuer} ({@code namespace/name}). */
    public ResetRecord forRequest(String request, String issuer) {
        ResetRecord copy = copy();
        copy.setRequest(ResetLedgerEntry.storedRequest(request));
        copy.setIssuedBy(issuer);
        return copy;
    }

    /** This record adopted from the reset ledger: confirmed by {@code ledger}, its link not this resource's to store. */
    public ResetRecord adoptedFrom(String ledger) {
        ResetRecord copy = copy();
        copy.setConfirmedBy(ledger);
        copy.setRedeemLinkSecret(null);
        copy.setRedeemLinkStored(null);
        return copy;
    }

    private ResetRecord copy() {
        ResetRecord copy = new ResetRecord(userId, email, invitationId, issuedAt, confirmedBy);
        copy.setRequest(request);
        copy.setIssuedBy(issuedBy);
        copy.setRedeemLinkSecret(redeemLinkSecret);
        copy.setRedeemLinkStored(redeemLinkStored);
        return copy;
    }
}
