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
}
