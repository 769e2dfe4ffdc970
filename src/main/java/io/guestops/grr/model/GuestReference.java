package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which Entra ID user the resource is about. Exactly one field is set. */
@ValidationRule(value = "has(self.userId) != has(self.email)",
        message = "set exactly one of userId (the guest's object id) and email (its current mail)")
public class GuestReference {

    /** An Entra ID object id: a GUID in its 8-4-4-4-12 hexadecimal form. */
    public static final String OBJECT_ID_PATTERN =
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    @Pattern(OBJECT_ID_PATTERN)
    @JsonPropertyDescription("Object id of the guest user (a GUID).")
    private String userId;

    @Pattern(EmailSyntax.PATTERN)
    @Size(max = EmailSyntax.MAX_LENGTH)
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
