package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.get;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.resetPostsFor;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graph's invitation service lagging behind a PATCH of the user's addresses (reported publicly,
 * unconfirmed by Microsoft; the emulator simulates 2 s): the reset is refused with 400 "email
 * doesn't match" although a read shows the address. The operator waits for it instead of stalling.
 */
class ReplicationLagTest {

    private static final String GUEST = "7e000000-0000-4000-8000-000000000001";
    private static final String DESIRED = "patch-503-once@new.example";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/fault-users.yaml", OperatorTimings.faultTests())
                    .emulatorOptions(options -> options.replicationLag(Duration.ofSeconds(2)));

    @Test
    void aResetRefusedWhileThePatchReplicatesIsRetriedAndHappensOnce() {
        create(FIXTURE.client(), OperatorHarness.resource("lagging", new GuestReference(GUEST, null), DESIRED));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> {
            GuestRedemptionReset r = get(FIXTURE.client(), "lagging");
            return condition(r, "Reconciling").map(c -> "EmailNotYetVisible".equals(c.getReason())).orElse(false);
        });
        GuestRedemptionReset done = awaitResource(FIXTURE.client(), "lagging", r -> settled(r) && isTrue(r, "Ready"));

        assertThat(resetPostsFor(FIXTURE.emulator(), GUEST)).extracting(JournalEntry::status).last().isEqualTo(201);
        assertThat(resetPostsFor(FIXTURE.emulator(), GUEST)).extracting(JournalEntry::status).first().isEqualTo(400);
        assertThat(resetsOf(FIXTURE.emulator(), GUEST)).singleElement()
                .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).isEqualTo(DESIRED));
        assertThat(done.getStatus().getReset().getEmail()).isEqualTo(DESIRED);
        assertThat(FIXTURE.emulator().journal()).noneMatch(JournalEntry::memberConverted);
    }
}
