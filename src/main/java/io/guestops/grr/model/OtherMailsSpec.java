package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Changes to the user's {@code otherMails}. Entries not named here are always kept. */
public class OtherMailsSpec {

    /** Graph keeps at most 250 otherMails on a user. */
    public static final int MAX_ADDRESSES = 250;

    @Size(max = MAX_ADDRESSES)
    @JsonPropertyDescription("More addresses to make sure are in otherMails, besides desiredEmail.")
    private List<@Pattern(EmailSyntax.PATTERN) @Size(max = EmailSyntax.MAX_LENGTH) String> add = new ArrayList<>();

    @JsonPropertyDescription("When true, the guest's previous mail (the one it had before this resource changed it) "
            + "is removed from otherMails. Default false.")
    private boolean removePreviousEmail;

    public List<String> getAdd() {
        return add;
    }

    public void setAdd(List<String> add) {
        this.add = add;
    }

    public boolean isRemovePreviousEmail() {
        return removePreviousEmail;
    }

    public void setRemovePreviousEmail(boolean removePreviousEmail) {
        this.removePreviousEmail = removePreviousEmail;
    }
}
