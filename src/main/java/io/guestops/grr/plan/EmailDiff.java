package io.guestops.grr.plan;

import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GuestUser;
import java.util.List;

/**
 * The PATCH the operator would send, as a reviewer reads it: mail from/to, and the otherMails
 * entries it adds and removes.
 *
 * @param mailBefore null when mail does not change
 * @param mailAfter  null when mail does not change
 */
public record EmailDiff(String mailBefore, String mailAfter, List<String> otherMailsAdded, List<String> otherMailsRemoved) {

    public EmailDiff {
        otherMailsAdded = List.copyOf(otherMailsAdded);
        otherMailsRemoved = List.copyOf(otherMailsRemoved);
    }

    static EmailDiff of(GuestUser before, EmailUpdate update) {
        boolean mailChanges = update.mail() != null;
        List<String> added = update.otherMails() == null ? List.of()
                : update.otherMails().stream().filter(a -> before.otherMails().stream().noneMatch(b -> Emails.same(a, b))).toList();
        List<String> removed = update.otherMails() == null ? List.of()
                : before.otherMails().stream().filter(b -> update.otherMails().stream().noneMatch(a -> Emails.same(a, b))).toList();
        return new EmailDiff(mailChanges ? before.mail() : null, mailChanges ? update.mail() : null, added, removed);
    }

    public boolean mailChanges() {
        return mailAfter != null;
    }

    /** The diff lines: "~ mail: a -> b", "+ otherMails: c", "- otherMails: d". */
    public List<String> lines() {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        if (mailChanges()) {
            lines.add("~ mail: " + (mailBefore == null ? "(none)" : mailBefore) + " -> " + mailAfter);
        }
        otherMailsAdded.forEach(a -> lines.add("+ otherMails: " + a));
        otherMailsRemoved.forEach(r -> lines.add("- otherMails: " + r));
        return lines;
    }
}
