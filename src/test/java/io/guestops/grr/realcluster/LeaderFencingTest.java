package io.guestops.grr.realcluster;

import static io.guestops.grr.realcluster.OperatorReplicas.newEmail;
import static io.guestops.grr.realcluster.OperatorReplicas.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestRedemptionReset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fencing on a real API server: a leader whose renewals of the Lease start failing stops sending
 * Graph writes before another replica can take the Lease, although JOSDK (configured not to exit)
 * goes on reconciling on it. Only a write it had already sent can land later.
 */
class LeaderFencingTest {

    /** Short timings (3 s lease, 2 s renew deadline); A's PATCH held longer than the lease: still in flight when B leads. */
    @RegisterExtension
    static final LeaderWithPatchInFlight PAIR = new LeaderWithPatchInFlight(
            new LeaderWithPatchInFlight.Timings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250)), 6_000);

    @Test
    void aLeaderThatCannotRenewItsLeaseSendsNoGraphWriteOnceItsFenceShuts() {
        // A, whose PATCH of guest 2 is in flight, can no longer renew the Lease
        PAIR.leader().cutRenewals();

        OperatorReplicas replicas = PAIR.replicas();
        OperatorReplicas.Replica a = PAIR.leader();
        LeaderWithPatchInFlight.Timings timings = PAIR.timings();
        await().atMost(timings.leaseDuration().plus(timings.renewDeadline()).plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> "replica-b".equals(replicas.holder()));
        // A guest that both replicas' informers see after the hand-over: A (still reconciling) decides to write, and may not.
        replicas.create(3);
        List.of(1, 2, 3).forEach(replicas::awaitReady);
        GraphEmulator emulator = replicas.emulator();
        await().atMost(Duration.ofSeconds(30)).until(() -> !replicas.writesBy(a.appId(), userId(2)).isEmpty()
                && !readsBy(emulator, a.appId(), userId(3)).isEmpty());

        Instant lastRenewalByA = PAIR.history().lastRenewalBy("replica-a").orElseThrow();
        Instant fenceShut = lastRenewalByA.plus(timings.renewDeadline());
        Instant takenByB = PAIR.history().acquiredBy("replica-b").orElseThrow();
        assertThat(takenByB).as("B took the Lease only once A's last renewal was a lease duration old")
                .isAfterOrEqualTo(lastRenewalByA.plus(timings.leaseDuration()));
        assertThat(replicas.writesBy(a.appId(), null)).as("every Graph write A sent reached Graph before its fence shut (%s)",
                fenceShut).allSatisfy(write -> assertThat(write.time()).isBefore(fenceShut));
        assertThat(replicas.writesBy(a.appId(), userId(3))).as("A read guest 3 after the hand-over but wrote nothing to it")
                .isEmpty();
        assertThat(replicas.writesBy(PAIR.standby().appId(), null)).as("B wrote only after it took the Lease")
                .isNotEmpty().allSatisfy(write -> assertThat(write.time()).isAfterOrEqualTo(takenByB));
        assertThat(replicas.writesBy(a.appId(), userId(2))).as("A's PATCH of guest 2, sent before its fence shut, landed "
                + "after B took the Lease: a write in flight cannot be recalled").singleElement()
                .satisfies(patch -> assertThat(patch.time().plusMillis(PAIR.heldMillis())).isAfter(takenByB));
        for (int guest = 1; guest <= 3; guest++) {
            int g = guest;
            assertThat(emulator.directory().invitations()).as("effective resets of guest %d", guest)
                    .filteredOn(i -> i.resetRedemption() && userId(g).equals(i.invitedUserId())).singleElement()
                    .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).isEqualTo(newEmail(g)));
            GuestRedemptionReset resource = replicas.get(guest);
            assertThat(resource.getStatus().conditionIsTrue("Ready")).as("guest %d Ready after A's late outcome", guest).isTrue();
            assertThat(resource.getStatus().getPendingReset()).as("nothing pending for guest %d", guest).isNull();
            assertThat(resource.getStatus().getReset().getEmail()).isEqualTo(newEmail(guest));
        }
        assertThat(emulator.journal()).noneMatch(JournalEntry::memberConverted);
    }

    private static List<JournalEntry> readsBy(GraphEmulator emulator, String appId, String userId) {
        return emulator.journal().stream().filter(e -> appId.equals(e.appId()) && "GET".equals(e.method()) && e.path().contains(userId))
                .toList();
    }
}
