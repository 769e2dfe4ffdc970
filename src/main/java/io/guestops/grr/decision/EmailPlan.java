package io.guestops.grr.decision;

import io.guestops.grr.decision.facts.Preflight;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.MailPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses the guest should have, and the smallest PATCH that gets there. Graph replaces
 * otherMails whole, so the plan always starts from the list Graph returned and only appends or
 * removes what the spec names: no other entry can be lost.
 */
final class EmailPlan {

    /** Graph's limit on the number of otherMails values. */
    static final int MAX_OTHER_MAILS = 250;

    private final String mail;
    private final List<String> otherMails;

    private EmailPlan(String mail, List<String> otherMails) {
        this.mail = mail;
        this.otherMails = otherMails;
    }

    static EmailPlan of(GuestRedemptionResetSpec spec, GuestUser user, String previousEmail) {
        String desired = spec.getDesiredEmail().trim();
        String mail = spec.getMail() == MailPolicy.Keep ? user.mail() : desired;
        List<String> add = spec.getOtherMails() == null || spec.getOtherMails().getAdd() == null
                ? List.of() : spec.getOtherMails().getAdd();
        List<String> wanted = new ArrayList<>(user.otherMails());
        // An address the spec adds explicitly is never removed: removing and re-appending it would
        // move it to the end of the list and make every later pass PATCH again.
        if (spec.getOtherMails() != null && spec.getOtherMails().isRemovePreviousEmail()
                && previousEmail != null && !Emails.same(previousEmail, desired)
                && add.stream().noneMatch(extra -> Emails.same(extra, previousEmail))) {
            wanted.removeIf(existing -> Emails.same(existing, previousEmail));
        }
        addIfAbsent(wanted, desired);
        add.forEach(extra -> addIfAbsent(wanted, extra.trim()));
        return new EmailPlan(mail, wanted);
    }

    boolean exceedsGraphLimit() {
        return otherMails.size() > MAX_OTHER_MAILS;
    }

    int otherMailsCount() {
        return otherMails.size();
    }

    /** Only the parts that differ from the user; empty when Graph already matches. */
    EmailUpdate changesFrom(GuestUser user) {
        String newMail = Emails.same(mail, user.mail()) ? null : mail;
        List<String> newOtherMails = sameList(otherMails, user.otherMails()) ? null : otherMails;
        return new EmailUpdate(newMail, newOtherMails);
    }

    /**
     * The addresses the plan would newly put on {@code user} (as mail or in otherMails), each with
     * the spec field that asks for it: the ones whose other holders must be checked first.
     */
    List<Preflight.Address> addedTo(GuestUser user, GuestRedemptionResetSpec spec) {
        List<Preflight.Address> added = new ArrayList<>();
        List<String> held = new ArrayList<>(user.otherMails());
        held.add(user.mail());
        if (!Emails.same(mail, user.mail()) && held.stream().noneMatch(h -> Emails.same(h, mail))) {
            added.add(new Preflight.Address(fieldOf(mail, spec), mail));
        }
        for (String entry : otherMails) {
            boolean alreadyListed = added.stream().anyMatch(a -> Emails.same(a.email(), entry));
            if (!alreadyListed && held.stream().noneMatch(h -> Emails.same(h, entry))) {
                added.add(new Preflight.Address(fieldOf(entry, spec), entry));
            }
        }
        return added;
    }

    private static String fieldOf(String email, GuestRedemptionResetSpec spec) {
        return Emails.same(email, spec.getDesiredEmail()) ? "spec.desiredEmail" : "spec.otherMails.add";
    }

    private static boolean sameList(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Emails.same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void addIfAbsent(List<String> list, String email) {
        if (list.stream().noneMatch(existing -> Emails.same(existing, email))) {
            list.add(email);
        }
    }
}
