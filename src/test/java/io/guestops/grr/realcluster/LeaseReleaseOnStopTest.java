package io.guestops.grr.realcluster;

import static io.guestops.grr.realcluster.OperatorReplicas.newEmail;
import static io.guestops.grr.realcluster.OperatorReplicas.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.emulator.journal.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A graceful stop (SIGTERM) of the leader, with the production timings (15 s lease, 10 s renew
 * deadline, 2 s retry): its pass under way ends first, then it gives the Lease back, and the
 * standby leads within its retry period instead of after the lease duration.
 */
class LeaseReleaseOnStopTest {

    @RegisterExtension
    static final LeaderWithPatchInFlight PAIR = new LeaderWithPatchInFlight(LeaderWithPatchInFlight.Timings.PRODUCTION, 2_000);

    @Test
    void theStandbyLeadsWithinSecondsOfTheLeadersGracefulStop() {
        Instant stoppedAt = Instant.now();
        PAIR.leader().stop();

        OperatorReplicas replicas = PAIR.replicas();
        LeaseHistory history = PAIR.history();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "replica-b".equals(replicas.holder()));
        Duration handover = Duration.between(stoppedAt, history.firstSeenHeldBy("replica-b").orElseThrow());
        assertThat(handover).as("B led %s after A's stop, not after the lease duration", handover)
                .isLessThan(PAIR.timings().leaseDuration().dividedBy(2));
        replicas.create(3);
        for (int guest = 1; guest <= 3; guest++) {
            replicas.awaitReady(guest);
        }

        JournalEntry heldPatch = replicas.writesBy(PAIR.leader().appId(), userId(2)).stream()
                .filter(e -> "PATCH".equals(e.method())).findFirst().orElseThrow();
        assertThat(heldPatch.status()).as("A's PATCH under way at the stop was answered, not cut").isEqualTo(204);
        assertThat(history.firstSeenReleased()).as("A gave the Lease back after its pass under way ended").get()
                .satisfies(released -> assertThat(released).isAfter(heldPatch.time().plusMillis(PAIR.heldMillis())));
        assertThat(replicas.writesBy(PAIR.standby().appId(), null)).as("B wrote only after it led")
                .allSatisfy(write -> assertThat(write.time()).isAfterOrEqualTo(history.acquiredBy("replica-b").orElseThrow()));
        for (int guest = 1; guest <= 3; guest++) {
            int g = guest;
            assertThat(replicas.emulator().directory().invitations()).as("effective resets of guest %d", guest)
                    .filteredOn(i -> i.resetRedemption() && userId(g).equals(i.invitedUserId())).singleElement()
                    .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).isEqualTo(newEmail(g)));
        }
        System.out.printf("Graceful stop to the standby's lead: %d ms (lease duration %d s)%n", handover.toMillis(),
                PAIR.timings().leaseDuration().toSeconds());
    }
}
