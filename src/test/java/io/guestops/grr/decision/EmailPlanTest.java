package io.guestops.grr.decision;

import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.guest;
import static io.guestops.grr.decision.Guests.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.MailPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmailPlanTest {

    private static EmailUpdate plan(GuestRedemptionResetSpec spec, GuestUser user, String previousEmail) {
        return EmailPlan.of(spec, user, previousEmail).changesFrom(user);
    }

    /** A spec to NEW_MAIL whose otherMails drop the previous email, and add {@code add} explicitly. */
    private static GuestRedemptionResetSpec removingThePreviousEmail(String... add) {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.getOtherMails().setRemovePreviousEmail(true);
        if (add.length > 0) {
            spec.getOtherMails().setAdd(List.of(add));
        }
        return spec;
    }

    @Test
    void setsMailAndAppendsTheDesiredEmailAfterEveryExistingEntry() {
        GuestUser user = guest(OLD_MAIL, List.of(OLD_MAIL, "jane@home.example"));
        assertThat(plan(spec(NEW_MAIL), user, OLD_MAIL))
                .isEqualTo(new EmailUpdate(NEW_MAIL, List.of(OLD_MAIL, "jane@home.example", NEW_MAIL)));
    }

    @Test
    void keepLeavesMailAloneAndOnlyAddsToOtherMails() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.setMail(MailPolicy.Keep);
        GuestUser user = guest(OLD_MAIL, List.of());
        assertThat(plan(spec, user, OLD_MAIL)).isEqualTo(new EmailUpdate(null, List.of(NEW_MAIL)));
    }

    @Test
    void keepWithAUserWithoutMailDoesNotSetMail() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.setMail(MailPolicy.Keep);
        assertThat(plan(spec, guest(null, List.of()), null)).isEqualTo(new EmailUpdate(null, List.of(NEW_MAIL)));
    }

    @Test
    void aUserWithoutMailGetsTheDesiredEmail() {
        assertThat(plan(spec(NEW_MAIL), guest(null, List.of(NEW_MAIL)), null)).isEqualTo(new EmailUpdate(NEW_MAIL, null));
    }

    @Test
    void nothingChangesWhenGraphAlreadyMatches() {
        GuestUser user = guest(NEW_MAIL, List.of("jane@home.example", NEW_MAIL));
        assertThat(plan(spec(NEW_MAIL), user, OLD_MAIL).isEmpty()).isTrue();
    }

    @Test
    void addressesDifferingOnlyInCaseOrSpacesAreTheSame() {
        GuestUser user = guest("Jane@New.Example", List.of("JANE@NEW.EXAMPLE", "Jane@Home.Example"));
        GuestRedemptionResetSpec spec = spec("  jane@new.example ");
        spec.getOtherMails().setAdd(List.of("jane@home.example"));
        assertThat(plan(spec, user, OLD_MAIL).isEmpty()).isTrue();
    }

    @Test
    void theDesiredEmailIsTrimmedBeforeItIsWritten() {
        assertThat(plan(spec("  " + NEW_MAIL + " "), guest(OLD_MAIL, List.of()), OLD_MAIL))
                .isEqualTo(new EmailUpdate(NEW_MAIL, List.of(NEW_MAIL)));
    }

    @Test
    void extraAddressesAreAppendedOnceInSpecOrder() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.getOtherMails().setAdd(List.of(" b@mail.example", "a@mail.example", "B@MAIL.EXAMPLE", NEW_MAIL));
        GuestUser user = guest(NEW_MAIL, List.of("a@mail.example"));
        assertThat(plan(spec, user, NEW_MAIL))
                .isEqualTo(new EmailUpdate(null, List.of("a@mail.example", NEW_MAIL, "b@mail.example")));
    }

    @Test
    void existingEntriesAndTheirOrderAndDuplicatesAreKept() {
        List<String> existing = List.of("z@mail.example", "a@mail.example", "Z@mail.example");
        GuestUser user = guest(OLD_MAIL, existing);
        EmailUpdate update = plan(spec(NEW_MAIL), user, OLD_MAIL);
        assertThat(update.otherMails()).containsExactly("z@mail.example", "a@mail.example", "Z@mail.example", NEW_MAIL);
    }

    @Test
    void removePreviousEmailRemovesOnlyThePreviousEmailInAnyCase() {
        GuestRedemptionResetSpec spec = removingThePreviousEmail();
        GuestUser user = guest(OLD_MAIL, List.of("JANE@OLD.EXAMPLE", "jane@home.example", OLD_MAIL));
        assertThat(plan(spec, user, OLD_MAIL)).isEqualTo(new EmailUpdate(NEW_MAIL, List.of("jane@home.example", NEW_MAIL)));
    }

    @Test
    void withoutRemovePreviousEmailThePreviousEmailStays() {
        GuestUser user = guest(OLD_MAIL, List.of(OLD_MAIL));
        assertThat(plan(spec(NEW_MAIL), user, OLD_MAIL).otherMails()).containsExactly(OLD_MAIL, NEW_MAIL);
    }

    @Test
    void removePreviousEmailNeverRemovesTheDesiredEmail() {
        GuestRedemptionResetSpec spec = removingThePreviousEmail();
        GuestUser user = guest(NEW_MAIL, List.of(NEW_MAIL));
        assertThat(plan(spec, user, "Jane@New.Example").isEmpty()).isTrue();
    }

    @Test
    void removePreviousEmailWithAnUnknownPreviousEmailRemovesNothing() {
        GuestRedemptionResetSpec spec = removingThePreviousEmail();
        GuestUser user = guest(null, List.of(OLD_MAIL));
        assertThat(plan(spec, user, null).otherMails()).containsExactly(OLD_MAIL, NEW_MAIL);
    }

    @Test
    void anAddressTheSpecAddsExplicitlyIsKeptEvenIfItWasThePreviousEmail() {
        GuestRedemptionResetSpec spec = removingThePreviousEmail(OLD_MAIL);
        GuestUser user = guest(OLD_MAIL, List.of(OLD_MAIL));
        assertThat(plan(spec, user, OLD_MAIL).otherMails()).containsExactly(OLD_MAIL, NEW_MAIL);
    }

    @Test
    void anExplicitlyAddedPreviousEmailKeepsItsPlaceSoTheNextPassPatchesNothing() {
        GuestRedemptionResetSpec spec = removingThePreviousEmail("JANE@OLD.EXAMPLE", "jane@home.example");
        GuestUser user = guest(OLD_MAIL, List.of("a@mail.example"));
        EmailUpdate first = plan(spec, user, OLD_MAIL);
        assertThat(first.otherMails()).containsExactly("a@mail.example", NEW_MAIL, "JANE@OLD.EXAMPLE", "jane@home.example");

        GuestUser patched = guest(first.mail(), first.otherMails());
        assertThat(plan(spec, patched, OLD_MAIL).isEmpty()).isTrue();
    }

    @Test
    void absentOtherMailsSpecStillAddsTheDesiredEmail() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.setOtherMails(null);
        assertThat(plan(spec, guest(NEW_MAIL, List.of()), NEW_MAIL)).isEqualTo(new EmailUpdate(null, List.of(NEW_MAIL)));
    }

    @Test
    void moreThanGraphsLimitIsDetected() {
        List<String> full = new ArrayList<>(IntStream.range(0, EmailPlan.MAX_OTHER_MAILS - 1)
                .mapToObj(i -> "guest" + i + "@mail.example").toList());
        EmailPlan fits = EmailPlan.of(spec(NEW_MAIL), guest(OLD_MAIL, full), OLD_MAIL);
        assertThat(fits.otherMailsCount()).isEqualTo(250);
        assertThat(fits.exceedsGraphLimit()).isFalse();

        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.getOtherMails().setAdd(List.of("one-more@mail.example"));
        EmailPlan tooMany = EmailPlan.of(spec, guest(OLD_MAIL, full), OLD_MAIL);
        assertThat(tooMany.otherMailsCount()).isEqualTo(251);
        assertThat(tooMany.exceedsGraphLimit()).isTrue();
    }

    @Test
    void sameEmailIsCaseAndSpaceInsensitiveAndNeverTrueForNull() {
        assertThat(Emails.same(" Jane@New.Example", "jane@new.example ")).isTrue();
        assertThat(Emails.same(NEW_MAIL, OLD_MAIL)).isFalse();
        assertThat(Emails.same(null, NEW_MAIL)).isFalse();
        assertThat(Emails.same(NEW_MAIL, null)).isFalse();
        assertThat(Emails.same(null, null)).isFalse();
    }
}
