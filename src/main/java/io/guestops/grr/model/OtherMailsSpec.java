package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Changes to the user's {@code otherMails}. Entries not named here are always kept. */
public class OtherMailsSpec {

    @JsonPropertyDescription("More addresses to make sure are in otherMails, besides desiredEmail.")
    private List<String> add = new ArrayList<>();

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
