package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** What the guest's sign-in should look like. */
public class GuestRedemptionResetSpec {

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
