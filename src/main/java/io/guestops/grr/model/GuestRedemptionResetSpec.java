package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** What the guest's sign-in should look like. */
public class GuestRedemptionResetSpec {

    /** What spec.resetRequest may hold: a label-like name (so it reads well in status, Events and the ledger). */
    public static final String RESET_REQUEST_PATTERN = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";
    public static final int RESET_REQUEST_MAX_LENGTH = 63;

    @Required
    @JsonPropertyDescription("The guest user in Entra ID: by object id, or by its current email. Exactly one of the two.")
    private GuestReference guest;

    @Required
    @Pattern(EmailSyntax.PATTERN)
    @Size(max = EmailSyntax.MAX_LENGTH)
    @JsonPropertyDescription("The email the guest should sign in with after redeeming again. When it equals the "
            + "guest's current mail, the resource asks for a plain reset (for example, the guest's home account was "
            + "deleted and re-created). Changing it later issues exactly one new reset.")
    private String desiredEmail;

    @Pattern(RESET_REQUEST_PATTERN)
    @Size(max = RESET_REQUEST_MAX_LENGTH)
    @JsonPropertyDescription("Names this reset request. The operator resets a guest once per request: the guest's "
            + "object id, desiredEmail and resetRequest identify it, and the operator keeps the record of each reset "
            + "outside this resource (the reset ledger, on the guest's claim in the operator's namespace, optionally "
            + "also on the guest in Entra ID). Deleting and re-applying this resource, moving it to another namespace "
            + "or shard, or restoring it without status therefore resets nobody again. Leave it empty for the first "
            + "reset to an email. To ask on purpose for another reset to the same email (for example, the guest's "
            + "home account was re-created again), set a new value, such as a date or a ticket number: exactly one "
            + "new reset follows. Letters, digits, '-', '_' and '.', at most 63 characters.")
    private String resetRequest;

    @JsonPropertyDescription("What to do with the guest's mail property: SetToDesiredEmail (default, as Microsoft "
            + "recommends) sets mail to desiredEmail; Keep leaves mail as it is.")
    private MailPolicy mail = MailPolicy.SetToDesiredEmail;

    @JsonPropertyDescription("How to change the guest's otherMails. desiredEmail is always added; no other existing "
            + "entry is ever removed except the previous address when removePreviousEmail is true.")
    private OtherMailsSpec otherMails = new OtherMailsSpec();

    @JsonPropertyDescription("The invitation Graph issues with the reset.")
    private InvitationSpec invitation = new InvitationSpec();

    @JsonPropertyDescription("How to reach the guest's tenant. When absent, the operator's default connection is used.")
    private ConnectionSpec connection;

    public GuestReference getGuest() {
        return guest;
    }

    public void setGuest(GuestReference guest) {
        this.guest = guest;
    }

    public String getDesiredEmail() {
        return desiredEmail;
    }

    public void setDesiredEmail(String desiredEmail) {
        this.desiredEmail = desiredEmail;
    }

    public String getResetRequest() {
        return resetRequest;
    }

    public void setResetRequest(String resetRequest) {
        this.resetRequest = resetRequest;
    }

    /** The request's name as the ledger compares it: trimmed, and empty when not set. */
    public String resetRequestName() {
        return resetRequest == null ? "" : resetRequest.trim();
    }

    public MailPolicy getMail() {
        return mail;
    }

    public void setMail(MailPolicy mail) {
        this.mail = mail;
    }

    public OtherMailsSpec getOtherMails() {
        return otherMails;
    }

    public void setOtherMails(OtherMailsSpec otherMails) {
        this.otherMails = otherMails;
    }

    public InvitationSpec getInvitation() {
        return invitation;
    }

    public void setInvitation(InvitationSpec invitation) {
        this.invitation = invitation;
    }

    public ConnectionSpec getConnection() {
        return connection;
    }

    public void setConnection(ConnectionSpec connection) {
        this.connection = connection;
    }
}
