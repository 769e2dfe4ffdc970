package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which Entra ID user the resource is about. Exactly one field is set. */
public class GuestReference {

    @JsonPropertyDescription("Object id of the guest user (a GUID).")
    private String userId;

    @JsonPropertyDescription("The guest's current mail, matched exactly. No match, or more than one, is an error: "
            + "the operator never guesses.")
    private String email;

    public GuestReference() {
    }

    public GuestReference(String userId, String email) {
        this.userId = userId;
        this.email = email;
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
}
