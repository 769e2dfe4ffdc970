package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.ExtraUsers.GINA;
import static io.guestops.grr.testkit.ExtraUsers.HUGO;
import static io.guestops.grr.testkit.ExtraUsers.KIM;
import static io.guestops.grr.testkit.GraphJournal.patchesTo;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.ExtraUsers;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drift of a settled guest is found through Graph's delta query, not by reading every resource:
 * an admin changes a settled guest's addresses in Entra ID, the operator's delta watch sees it,
 * wakes exactly that resource, and its pass puts the addresses back without a second reset. The
 * untouched neighbour is not read at all.
 *
 * <p>Issue 16, point 2: a settled guest who has since been given a directory role, whose otherMails an
 * admin changes. Graph's user-update page lets an application change otherMails of a privileged role
 * holder only when the application holds a higher admin role, so the drift repair would get 403 on
 * every pass. The operator reads the roles before the PATCH and stalls with the reason instead.
 */
class DriftRepairTest {

    private static final String HELPDESK_ADMINISTRATOR = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    private static final Duration POLL = OperatorTimings.driftRepair().driftPoll();

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperatorOnExamplesPlus(ExtraUsers.RESOURCE, OperatorTimings.driftRepair());

    @Test
    void anAdminsChangeOfASettledGuestsAddressesIsRepairedThroughTheDeltaQuery() {
        create(FIXTURE.client(), resource("gina-drift", new GuestReference(GINA, null), "gina@drift.example"));
        create(FIXTURE.client(), resource("hugo-neighbour", new GuestReference(HUGO, null), "hugo@drift.example"));
        awaitResource(FIXTURE.client(), "gina-drift", r -> settled(r) && isTrue(r, "Ready"));
        awaitResource(FIXTURE.client(), "hugo-neighbour", r -> settled(r) && isTrue(r, "Ready"));
        awaitDeltaPollAfter(Instant.now()); // the watch is past its first round and has seen both guests settle

        Instant changed = Instant.now();
        // As an admin in the portal: a new primary mail, and the operator's address dropped from otherMails.
        FIXTURE.changeAsAdmin(GINA, new EmailUpdate("gina@portal.example", List.of("gina.keep@partner.example", "gina@portal.example")));

        FIXTURE.awaitAddressesRepaired(GINA, "gina@drift.example");
        DirectoryUser gina = FIXTURE.emulator().directory().user(GINA).orElseThrow();
        assertThat(gina.otherMails()).as("entries the operator did not add are kept")
                .contains("gina.keep@partner.example", "gina@portal.example");
        assertThat(resetsOf(FIXTURE.emulator(), GINA)).as("repairing addresses resets nothing again").hasSize(1);
        awaitResource(FIXTURE.client(), "gina-drift", r -> settled(r) && isTrue(r, "Ready"));

        List<JournalEntry> since = FIXTURE.emulator().journal().stream().filter(e -> !e.time().isBefore(changed)).toList();
        assertThat(since).as("the change was found by the delta query").anyMatch(e -> e.path().contains("/users/delta"));
        assertThat(since).as("the untouched neighbour was not read").noneMatch(e -> e.path().contains(HUGO));
    }

    @Test
    void aRoleHoldersDriftedOtherMailsStallTheResourceInsteadOfA403Loop() {
        create(FIXTURE.client(), resource("kim-role", new GuestReference(KIM, null), "kim@drift.example"));
        awaitResource(FIXTURE.client(), "kim-role", r -> settled(r) && isTrue(r, "Ready"));

        DirectoryUser kim = FIXTURE.emulator().directory().user(KIM).orElseThrow();
        FIXTURE.emulator().assignRole(new DirectoryRoleAssignment("ra-kim", kim.tenantId(), KIM, HELPDESK_ADMINISTRATOR, "/"));
        Instant changed = Instant.now();
        // As an admin in the portal: the operator's address dropped from otherMails.
        FIXTURE.emulator().setOtherMails(KIM, List.of("kim.keep@partner.example"));

        var stalled = awaitResource(FIXTURE.client(), "kim-role", r -> condition(r, "Stalled")
                .filter(c -> "True".equals(c.getStatus()) && Reasons.HOLDS_DIRECTORY_ROLE.equals(c.getReason())).isPresent());
        assertThat(condition(stalled, "Stalled").orElseThrow().getMessage())
                .contains(KIM, HELPDESK_ADMINISTRATOR, "otherMails", "Privileged Authentication Administrator");
        assertThat(patchesTo(FIXTURE.emulator(), KIM)).as("no PATCH was sent after the drift, so no 403")
                .noneMatch(e -> !e.time().isBefore(changed));
        assertThat(FIXTURE.emulator().directory().user(KIM).orElseThrow().otherMails()).containsExactly("kim.keep@partner.example");
    }

    private static void awaitDeltaPollAfter(Instant moment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> FIXTURE.emulator().journal().stream()
                .anyMatch(e -> e.path().contains("/users/delta") && e.time().isAfter(moment.plus(POLL))));
    }
}
