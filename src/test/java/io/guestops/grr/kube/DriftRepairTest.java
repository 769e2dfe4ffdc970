package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.ExtraUsers.GINA;
import static io.guestops.grr.testkit.ExtraUsers.HUGO;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 */
class DriftRepairTest {


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

    private static void awaitDeltaPollAfter(Instant moment) {
        await().atMost(Duration.ofSeconds(10)).until(() -> FIXTURE.emulator().journal().stream()
                .anyMatch(e -> e.path().contains("/users/delta") && e.time().isAfter(moment.plus(POLL))));
    }
}
