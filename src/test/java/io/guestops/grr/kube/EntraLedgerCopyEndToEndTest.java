package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.claimOf;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.exportedWithoutStatus;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.resetPostsFor;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static io.guestops.grr.testkit.GraphJournal.writes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.ResetRequestNote;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, the Entra copy of the reset ledger, end to end: two embedded clusters, each with its own
 * operator, on one Graph emulator (one tenant). The fixture's cluster is "A"; each test starts the
 * other one afresh ({@link EnvironmentFixture#anotherCluster}: no Leases, no resources). Every resource
 * names its guest by object id and moves it to a new address (/e2e/entra-users.yaml).
 * <ul>
 *   <li>A cluster rebuilt from an export ({@code kubectl get -o yaml}, status and server fields
 *       stripped) with the Entra copy on adopts every reset (confirmedBy EntraLedger) and writes
 *       nothing to Graph; with the copy off, it resets every guest again (the control).</li>
 *   <li>A request noted on the guest by an operator gone before its POST is sent once, after the
 *       settle window.</li>
 *   <li>Two clusters given the same resources at once reset each guest exactly once; both end Ready.</li>
 * </ul>
 */
class EntraLedgerCopyEndToEndTest {

    private static final OperatorSettings COPY_ON = OperatorTimings.endToEnd().toBuilder().entraLedgerCopy(true).build();
    private static final OperatorSettings COPY_OFF = OperatorTimings.endToEnd();
    private static final String GRAPH_RESPONSE = "GraphResponse";
    private static final String ENTRA_LEDGER = "EntraLedger";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/entra-users.yaml", COPY_ON);

    private static String guest(String n) {
        return "7e000000-0000-4000-8000-0000000000" + n;
    }

    private static String newEmail(String n) {
        return "guest" + n + "@entra-new.example";
    }

    private static String name(String n) {
        return "entra-guest-" + n;
    }

    @Test
    void aFreshClusterWithTheEntraCopyAdoptsEveryResetOfAnExportAndWritesNothing() {
        List<String> guests = List.of("01", "02", "03");
        String export = resetOnClusterA("fresh", guests);
        int writesBefore = writes(FIXTURE.emulator()).size();

        try (EnvironmentFixture.OtherCluster b = FIXTURE.anotherCluster(COPY_ON)) {
            assertThat(b.client().leases().inAnyNamespace().list().getItems()).as("cluster B's Leases before the apply").isEmpty();
            apply(b.kubectl(), export);

            for (String n : guests) {
                GuestRedemptionReset adopted = awaitRecord(b.client(), n);
                assertThat(isTrue(adopted, "Ready")).as(name(n) + " Ready on B").isTrue();
                assertThat(adopted.getStatus().getReset().getConfirmedBy()).as(name(n) + " confirmedBy").isEqualTo(ENTRA_LEDGER);
                assertThat(adopted.getStatus().getReset().getEmail()).isEqualTo(newEmail(n));
                assertThat(adopted.getStatus().getPendingReset()).isNull();
                assertThat(condition(adopted, "RedemptionReset").orElseThrow().getMessage())
                        .contains("adopted from the request noted on the guest in Entra ID; nothing was sent again");
                ResetRecord ledger = b.client().getKubernetesSerialization().unmarshal(
                        claimOf(b.client(), guest(n)).getMetadata().getAnnotations().get(LedgerAnnotations.LAST_RESET),
                        ResetRecord.class);
                assertThat(ledger.getEmail()).as("cluster B's own ledger now holds the request").isEqualTo(newEmail(n));
                assertThat(ledger.getConfirmedBy()).isEqualTo(ENTRA_LEDGER);
                assertThat(resetsOf(FIXTURE.emulator(), guest(n))).hasSize(1);
            }
            List<JournalEntry> newWrites = since(writes(FIXTURE.emulator()), writesBefore);
            assertThat(newWrites).as("Graph writes after the export was applied to cluster B (PATCH, POST, DELETE)")
                    .extracting(e -> e.method() + " " + e.path()).isEmpty();
        }
    }

    /** The control: the same export on a fresh cluster without the Entra copy has no ledger to find, and resets again. */
    @Test
    void withoutTheEntraCopyAFreshClusterResetsEveryGuestAgain() {
        List<String> guests = List.of("04");
        String export = resetOnClusterA("control", guests);

        try (EnvironmentFixture.OtherCluster c = FIXTURE.anotherCluster(COPY_OFF)) {
            apply(c.kubectl(), export);
            GuestRedemptionReset again = awaitRecord(c.client(), "04");
            assertThat(again.getStatus().getReset().getConfirmedBy()).isEqualTo(GRAPH_RESPONSE);
            assertThat(resetsOf(FIXTURE.emulator(), guest("04"))).as("effective resets of the guest")
                    .extracting(InvitationRecord::invitedUserEmailAddress).containsExactly(newEmail("04"), newEmail("04"));
            assertThat(resetPostsFor(FIXTURE.emulator(), guest("04"))).hasSize(2);
        }
    }

    /**
     * An operator of another cluster noted a request on the guest and stopped before its POST (a
     * crash, a cluster torn down). This cluster finds the note, waits the settle window for the
     * guest's state to show it, and then sends the request itself, once (attempt 2, the note updated).
     */
    @Test
    void aRequestNotedButNeverSentIsSentOnceAfterTheSettleWindow() {
        String userId = guest("05");
        Instant notedAt = Instant.now();
        try (SdkGraphGateway otherOperator = GraphGateways.create(FIXTURE.environment().graphConnection())) {
            assertThat(otherOperator.createResetNote(userId, new ResetRequestNote(newEmail("05"), null, notedAt.toString(),
                    "2025-02-01T00:00:00Z", "default/crashed-before-post", 1)).value()).isTrue();
        }

        apply(FIXTURE.kubectl(), manifests("noted", List.of("05")));
        GuestRedemptionReset sent = awaitRecord(FIXTURE.client(), "05");
        assertThat(isTrue(sent, "Ready")).isTrue();
        assertThat(sent.getStatus().getReset().getConfirmedBy()).isEqualTo(GRAPH_RESPONSE);
        List<JournalEntry> posts = resetPostsFor(FIXTURE.emulator(), userId);
        assertThat(posts).as("reset POSTs").hasSize(1);
        assertThat(posts.get(0).time()).as("sent after the noted request's settle window")
                .isAfterOrEqualTo(notedAt.plus(COPY_ON.settleWindow()));
        assertThat(resetsOf(FIXTURE.emulator(), userId)).hasSize(1);
        assertThat(FIXTURE.emulator().directory().extensionsOf(userId)).as("the note, updated by the attempt that was sent")
                .singleElement().satisfies(note -> {
                    assertThat(note.name()).isEqualTo(ResetRequestNote.extensionNameOf(newEmail("05"), null));
                    assertThat(String.valueOf(note.data().get("attempts"))).isEqualTo("2");
                    assertThat(note.data().get("requestedBy")).isEqualTo("default/" + name("05"));
                });
    }

    /**
     * A guest already holding two notes of earlier requests (Graph keeps at most two open extensions
     * per application on a user; a fresh cluster cannot know them): the new request's note is refused,
     * the earlier notes are retired, the note is created and the reset sent, once.
     */
    @Test
    void aGuestHoldingTheMostNotesGetsItsEarlierOnesRetiredAndIsResetOnce() {
        String userId = guest("06");
        try (SdkGraphGateway otherOperator = GraphGateways.create(FIXTURE.environment().graphConnection())) {
            for (String earlier : List.of("earlier-1", "earlier-2")) {
                assertThat(otherOperator.createResetNote(userId, new ResetRequestNote("guest06@entra-older.example", earlier,
                        "2025-01-01T00:00:00Z", "2024-12-01T00:00:00Z", "default/long-gone", 1)).value()).isTrue();
            }
        }

        apply(FIXTURE.kubectl(), manifests("crowded", List.of("06")));
        GuestRedemptionReset sent = awaitRecord(FIXTURE.client(), "06");
        assertThat(sent.getStatus().getReset().getConfirmedBy()).isEqualTo(GRAPH_RESPONSE);
        assertThat(resetPostsFor(FIXTURE.emulator(), userId)).as("reset POSTs").hasSize(1);
        assertThat(FIXTURE.emulator().directory().extensionsOf(userId)).as("only this request's note is left")
                .singleElement().satisfies(note -> assertThat(note.name())
                        .isEqualTo(ResetRequestNote.extensionNameOf(newEmail("06"), null)));
    }

    @Test
    void twoClustersGivenTheSameResourcesAtOnceResetEachGuestOnce() {
        List<String> guests = List.of("11", "12", "13", "14", "15", "16");
        String manifests = manifests("twin", guests);

        try (EnvironmentFixture.OtherCluster b = FIXTURE.anotherCluster(COPY_ON)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> FIXTURE.operator().isReady() && b.operator().isReady());
            CompletableFuture<Void> onA = CompletableFuture.runAsync(() -> apply(FIXTURE.kubectl(), manifests));
            CompletableFuture<Void> onB = CompletableFuture.runAsync(() -> apply(b.kubectl(), manifests));
            CompletableFuture.allOf(onA, onB).join();

            List<String> sentBy = new ArrayList<>();
            for (String n : guests) {
                GuestRedemptionReset onClusterA = awaitRecord(FIXTURE.client(), n);
                GuestRedemptionReset onClusterB = awaitRecord(b.client(), n);
                assertThat(List.of(onClusterA, onClusterB)).as(name(n) + " Ready on both clusters")
                        .allMatch(r -> isTrue(r, "Ready") && r.getStatus().getPendingReset() == null);
                List<String> confirmedBy = List.of(onClusterA.getStatus().getReset().getConfirmedBy(),
                        onClusterB.getStatus().getReset().getConfirmedBy());
                assertThat(confirmedBy).as(name(n) + ": confirmedBy on A, B").containsOnlyOnce(GRAPH_RESPONSE)
                        .containsAnyOf(ENTRA_LEDGER, ConfirmedBy.USER_STATE);
                sentBy.add(n + ":" + (GRAPH_RESPONSE.equals(confirmedBy.get(0)) ? "A" : "B") + "/"
                        + confirmedBy.stream().filter(c -> !GRAPH_RESPONSE.equals(c)).findFirst().orElseThrow());

                assertThat(resetsOf(FIXTURE.emulator(), guest(n))).as("effective resets of " + guest(n))
                        .extracting(InvitationRecord::invitedUserEmailAddress).containsExactly(newEmail(n));
                assertThat(resetPostsFor(FIXTURE.emulator(), guest(n))).as("reset POSTs for " + guest(n)).hasSize(1);
            }
            System.out.printf("Two clusters: sent by (guest:cluster/other's confirmedBy) %s; note creations answered 409: %d%n",
                    sentBy, conflicts(FIXTURE.emulator()));
        }
    }

    /**
     * Applies the resources for {@code guests} to cluster A with kubectl, waits until A reset each
     * once (Graph's answer), and returns them as {@code kubectl get -o yaml} exports them, status stripped.
     */
    private static String resetOnClusterA(String label, List<String> guests) {
        apply(FIXTURE.kubectl(), manifests(label, guests));
        for (String n : guests) {
            GuestRedemptionReset ready = awaitRecord(FIXTURE.client(), n);
            assertThat(isTrue(ready, "Ready")).isTrue();
            assertThat(ready.getStatus().getReset().getConfirmedBy()).isEqualTo(GRAPH_RESPONSE);
            assertThat(resetsOf(FIXTURE.emulator(), guest(n))).hasSize(1);
        }
        String export = exportedWithoutStatus(FIXTURE.kubectl(), "grr", "-n", NAMESPACE, "-l", "e2e=" + label);
        assertThat(export).contains(guests.stream().map(EntraLedgerCopyEndToEndTest::name).toArray(String[]::new))
                .doesNotContain("status:", "uid:", "resourceVersion:", "creationTimestamp:", "confirmedBy");
        return export;
    }

    /** The resources of a GitOps folder: one per guest, by object id, labelled {@code e2e=<label>}. */
    private static String manifests(String label, List<String> guests) {
        return guests.stream().map(n -> """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    e2e: %s
                spec:
                  guest:
                    userId: %s
                  desiredEmail: %s
                """.formatted(name(n), NAMESPACE, label, guest(n), newEmail(n))).collect(Collectors.joining("---\n"));
    }

    private static void apply(Kubectl kubectl, String yaml) {
        Kubectl.Result result = kubectl.apply(yaml);
        assertThat(result.exitCode()).as("kubectl apply: " + result.all()).isZero();
    }

    /** The resource for guest {@code n} once it settled with a reset record. */
    private static GuestRedemptionReset awaitRecord(KubernetesClient client, String n) {
        return awaitResource(client, name(n), r -> settled(r) && r.getStatus().getReset() != null);
    }

    private static List<JournalEntry> since(List<JournalEntry> entries, int from) {
        return entries.subList(from, entries.size());
    }

    private static long conflicts(GraphEmulator emulator) {
        return emulator.journal().stream()
                .filter(e -> "POST".equals(e.method()) && e.path().endsWith("/extensions") && e.status() == 409).count();
    }
}
