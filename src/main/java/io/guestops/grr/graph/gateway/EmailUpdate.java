package io.guestops.grr.graph.gateway;

import java.util.List;

/**
 * A PATCH of a user's addresses. A null field is left out of the request; {@code otherMails}, when
 * present, is the complete new list (Graph replaces the whole list).
 */
public record EmailUpdate(String mail, List<String> otherMails) {

    public EmailUpdate {
        otherMails = otherMails == null ? null : List.copyOf(otherMails);
    }

    /** For log lines and Events: "mail to a@b and otherMails to [..]". */
    public String describe() {
        StringBuilder change = new StringBuilder();
        if (mail != null) {
            change.append("mail to ").append(mail);
        }
        if (otherMails != null) {
            change.append(change.length() > 0 ? " and " : "").append("otherMails to ").append(otherMails);
        }
        return change.toString();
    }

    public boolean isEmpty() {
        return mail == null && otherMails == null;
    }
}
