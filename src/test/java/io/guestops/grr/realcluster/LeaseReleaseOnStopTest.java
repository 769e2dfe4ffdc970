package io.guestops.grr.realcluster;

import static io.guestops.grr.realcluster.LeaderFencingTest.awaitReady;
import static io.guestops.grr.realcluster.LeaderFencingTest.create;
import static io.guestops.grr.realcluster.OperatorReplicas.newEmail;
import static io.guestops.grr.realcluster.OperatorReplicas.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.testkit.EmulatorFixture;
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
    static final RealKubernetes KUBE = RealKubernetes.server();

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> OperatorReplicas.seed(3, "replica-a", "replica-b"))
            .keepingStateAcrossTests();

    private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
    private static final long HELD_MILLIS = 2_000;

    @Test
    void theStandbyLeadsWithinSecondsOfTheLeadersGracefulStop() {
        try (OperatorReplicas replicas = OperatorReplicas.on(KUBE, GRAPH.emulator());
             LeaseHistory history = LeaseHistory.watch(KUBE.adminClient(), replicas.namespace(), OperatorReplicas.LEASE)) {
            KubernetesClient client = KUBE.adminClient();
            GraphEmulator emulator = replicas.emulator();
            // A's PATCH of guest 2 is in flight
            OperatorReplicas.LeaderAndStandby pair = replicas.leaderWithPatchInFlight(LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD,
                    HELD_MILLIS);
            OperatorReplicas.Replica a = pair.leader();
            OperatorReplicas.Replica b = pair.standby();
            Instant stoppedAt = Instant.now();
            a.stop();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "replica-b".equals(replicas.holder()));
            Duration handover = Duration.between(stoppedAt, history.firstSeenHeldBy("replica-b").orElseThrow());
            assertThat(handover).as("B led %s after A's stop, not after the lease duration", handover)
                    .isLessThan(LEASE_DURATION.dividedBy(2));
            create(client, replicas.namespace(), 3);
            for (int guest = 1; guest <= 3; guest++) {
                awaitReady(client, replicas.namespace(), guest);
            }

            JournalEntry heldPatch = LeaderFencingTest.writesBy(emulator, a.appId(), userId(2)).stream()
                    .filter(e -> "PATCH".equals(e.method())).findFirst().orElseThrow();
            assertThat(heldPatch.status()).as("A's PATCH under way at the stop was answered, not cut").isEqualTo(204);
            assertThat(history.firstSeenReleased()).as("A gave the Lease back after its pass under way ended").get()
                    .satisfies(released -> assertThat(released).isAfter(heldPatch.time().plusMillis(HELD_MILLIS)));
            assertThat(LeaderFencingTest.writesBy(emulator, b.appId(), null)).as("B wrote only after it led")
                    .allSatisfy(write -> assertThat(write.time()).isAfterOrEqualTo(history.acquiredBy("replica-b").orElseThrow()));
            for (int guest = 1; guest <= 3; guest++) {
                int g = guest;
                assertThat(emulator.directory().invitations()).as("effective resets of guest %d", guest)
                        .filteredOn(i -> i.resetRedemption() && userId(g).equals(i.invitedUserId())).singleElement()
                        .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).isEqualTo(newEmail(g)));
            }
            System.out.printf("Graceful stop to the standby's lead: %d ms (lease duration %d s)%n", handover.toMillis(),
                    LEASE_DURATION.toSeconds());
        }
    }
}
