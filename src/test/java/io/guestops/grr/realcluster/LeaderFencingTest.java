package io.guestops.grr.realcluster;

import static io.guestops.grr.realcluster.OperatorReplicas.newEmail;
import static io.guestops.grr.realcluster.OperatorReplicas.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EmulatorFixture;
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

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> OperatorReplicas.seed(3, "replica-a", "replica-b"))
            .keepingStateAcrossTests();

    private static final Duration LEASE_DURATION = Duration.ofSeconds(3);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(2);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(250);
    /** Longer than the lease duration: the write is still in flight when the other replica leads. */
    private static final long HELD_MILLIS = 6_000;

    @Test
    void aLeaderThatCannotRenewItsLeaseSendsNoGraphWriteOnceItsFenceShuts() {
        try (OperatorReplicas replicas = OperatorReplicas.on(KUBE, GRAPH.emulator());
             LeaseHistory history = LeaseHistory.watch(KUBE.adminClient(), replicas.namespace(), OperatorReplicas.LEASE)) {
            KubernetesClient client = KUBE.adminClient();
            GraphEmulator emulator = replicas.emulator();
            // A's PATCH of guest 2 is in flight
            OperatorReplicas.LeaderAndStandby pair = replicas.leaderWithPatchInFlight(LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD,
                    HELD_MILLIS);
            OperatorReplicas.Replica a = pair.leader();
            OperatorReplicas.Replica b = pair.standby();
            a.cutRenewals();

            await().atMost(LEASE_DURATION.plus(RENEW_DEADLINE).plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "replica-b".equals(replicas.holder()));
            // A guest that both replicas' informers see after the hand-over: A (still reconciling) decides to write, and may not.
            create(client, replicas.namespace(), 3);
            List.of(1, 2, 3).forEach(guest -> awaitReady(client, replicas.namespace(), guest));
            await().atMost(Duration.ofSeconds(30)).until(() -> !writesBy(emulator, a.appId(), userId(2)).isEmpty()
                    && !readsBy(emulator, a.appId(), userId(3)).isEmpty());

            Instant lastRenewalByA = history.lastRenewalBy("replica-a").orElseThrow();
            Instant fenceShut = lastRenewalByA.plus(RENEW_DEADLINE);
            Instant takenByB = history.acquiredBy("replica-b").orElseThrow();
            assertThat(takenByB).as("B took the Lease only once A's last renewal was a lease duration old")
                    .isAfterOrEqualTo(lastRenewalByA.plus(LEASE_DURATION));
            assertThat(writesBy(emulator, a.appId(), null)).as("every Graph write A sent reached Graph before its fence shut (%s)",
                    fenceShut).allSatisfy(write -> assertThat(write.time()).isBefore(fenceShut));
            assertThat(writesBy(emulator, a.appId(), userId(3))).as("A read guest 3 after the hand-over but wrote nothing to it")
                    .isEmpty();
            assertThat(writesBy(emulator, b.appId(), null)).as("B wrote only after it took the Lease")
                    .isNotEmpty().allSatisfy(write -> assertThat(write.time()).isAfterOrEqualTo(takenByB));
            assertThat(writesBy(emulator, a.appId(), userId(2))).as("A's PATCH of guest 2, sent before its fence shut, landed "
                    + "after B took the Lease: a write in flight cannot be recalled").singleElement()
                    .satisfies(patch -> assertThat(patch.time().plusMillis(HELD_MILLIS)).isAfter(takenByB));
            for (int guest = 1; guest <= 3; guest++) {
                int g = guest;
                assertThat(emulator.directory().invitations()).as("effective resets of guest %d", guest)
                        .filteredOn(i -> i.resetRedemption() && userId(g).equals(i.invitedUserId())).singleElement()
                        .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).isEqualTo(newEmail(g)));
                GuestRedemptionReset resource = get(client, replicas.namespace(), guest);
                assertThat(resource.getStatus().conditionIsTrue("Ready")).as("guest %d Ready after A's late outcome", guest).isTrue();
                assertThat(resource.getStatus().getPendingReset()).as("nothing pending for guest %d", guest).isNull();
                assertThat(resource.getStatus().getReset().getEmail()).isEqualTo(newEmail(guest));
            }
            assertThat(emulator.journal()).noneMatch(JournalEntry::memberConverted);
        }
    }

    /** Graph writes (PATCH, POST, DELETE) the application sent, naming the user if one is given. */
    static List<JournalEntry> writesBy(GraphEmulator emulator, String appId, String userId) {
        return emulator.journal().stream()
                .filter(e -> appId.equals(e.appId()) && !"GET".equals(e.method()) && !e.path().endsWith("/$batch")
                        && !e.path().contains("/oauth2/"))
                .filter(e -> userId == null || e.path().contains(userId) || (e.requestBody() != null && e.requestBody().contains(userId)))
                .toList();
    }

    private static List<JournalEntry> readsBy(GraphEmulator emulator, String appId, String userId) {
        return emulator.journal().stream().filter(e -> appId.equals(e.appId()) && "GET".equals(e.method()) && e.path().contains(userId))
                .toList();
    }

    static GuestRedemptionReset create(KubernetesClient client, String namespace, int guest) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(userId(guest), null));
        spec.setDesiredEmail(newEmail(guest));
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(nameOf(guest)).withNamespace(namespace).build());
        resource.setSpec(spec);
        return client.resource(resource).create();
    }

    static String nameOf(int guest) {
        return "guest-" + guest;
    }

    static GuestRedemptionReset get(KubernetesClient client, String namespace, int guest) {
        return client.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(nameOf(guest)).get();
    }

    static void awaitReady(KubernetesClient client, String namespace, int guest) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            GuestRedemptionReset r = get(client, namespace, guest);
            return r != null && r.hasSettled() && r.getStatus().conditionIsTrue("Ready");
        });
    }
}
