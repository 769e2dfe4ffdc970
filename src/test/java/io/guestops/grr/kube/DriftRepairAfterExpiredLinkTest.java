package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.ExtraUsers.GINA;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * Graph's delta links expire (410 syncStateNotFound). Here every link expires before the watch
 * follows it, so every poll meets the 410 and starts a new round: an admin's change made after the
 * old link's last round is still found by the new round, and repaired.
 */
class DriftRepairAfterExpiredLinkTest {

    private static final Duration POLL = Duration.ofMillis(800);
    private static final Duration LINK_LIFETIME = Duration.ofMillis(300);

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperatorOnExamplesPlus(ExtraUsers.RESOURCE,
                    OperatorTimings.endToEnd().toBuilder().driftPoll(POLL).build())
                    .emulatorOptions(options -> options.deltaTokenLifetime(LINK_LIFETIME));

    @Test
    void aChangeMadeWhileTheWatchesLinkExpiredIsFoundByTheNewRoundAndRepaired() {
        create(FIXTURE.client(), resource("gina-expiry", new GuestReference(GINA, null), "gina@expiry.example"));
        awaitResource(FIXTURE.client(), "gina-expiry", r -> settled(r) && isTrue(r, "Ready"));
        await().atMost(Duration.ofSeconds(10)).until(() -> deltaAnswers(Instant.MIN).contains(410));

        Instant changed = Instant.now();
        FIXTURE.changeAsAdmin(GINA, new EmailUpdate("gina@portal.example", List.of("gina.keep@partner.example", "gina@portal.example")));

        FIXTURE.awaitAddressesRepaired(GINA, "gina@expiry.example");
        assertThat(FIXTURE.emulator().directory().user(GINA).orElseThrow().otherMails())
                .as("entries the operator did not add are kept").contains("gina.keep@partner.example", "gina@portal.example");
        assertThat(deltaAnswers(changed)).as("the old link was refused and a new round found the change").contains(410, 200);
        assertThat(resetsOf(FIXTURE.emulator(), GINA)).as("repairing addresses resets nothing again").hasSize(1);
    }

    private static List<Integer> deltaAnswers(Instant since) {
        return FIXTURE.emulator().journal().stream().filter(e -> e.path().contains("/users/delta") && !e.time().isBefore(since))
                .map(JournalEntry::status).toList();
    }
}
