package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.asManifest;
import static io.guestops.grr.kube.OperatorHarness.awaitAdopted;
import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.claimOf;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.deleteAndAwaitGone;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.reApplyAndAwaitAdopted;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.patchesTo;
import static io.guestops.grr.testkit.GraphJournal.resetPostsFor;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static io.guestops.grr.testkit.GraphJournal.writesTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.plan.ClusterView;
import io.guestops.grr.plan.Plan;
import io.guestops.grr.plan.PlannedAction;
import io.guestops.grr.plan.Planner;
import io.guestops.grr.testkit.EnvironmentFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, point 1, end to end on the embedded Kubernetes and the Graph emulator: a reset happens
 * once per request, whatever happens to the resource. A resource deleted and applied again (with the
 * Fabric8 client, kubectl's client-side and server-side apply), moved to another namespace, or
 * re-applied after its whole namespace was deleted adopts the record of its request from the reset
 * ledger on the guest's claim and writes nothing to Graph (the emulator's journal shows no PATCH and
 * no POST /invitations after the re-create). A new {@code spec.resetRequest} asks on purpose for one
 * more reset to the same email: exactly one follows, and re-applying that request writes nothing.
 * Each test has a guest of its own (/e2e/ledger-users.yaml), from an old address to a new one.
 */
class ResetLedgerEndToEndTest {

    private static final String CLUSTER_LEDGER = "ClusterLedger";
    private static final String ADOPTED = "ResetAdoptedFromLedger";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/ledger-users.yaml");

    private static String guest(int n) {
        return "7d000000-0000-4000-8000-00000000000" + n;
    }

    private static String newEmail(int n) {
        return "guest" + n + "@ledger-new.example";
    }

    /** A resource resetting guest {@code n} to its new address, by object id. */
    private static GuestRedemptionReset resetting(String name, int n) {
        return OperatorHarness.resource(name, new GuestReference(guest(n), null), newEmail(n));
    }

    @Test
    void aResourceDeletedAndCreatedAgainAdoptsItsResetAndWritesNothing() {
        GuestRedemptionReset first = resetOnce(NAMESPACE, resetting("again-client", 1), guest(1));

        GuestRedemptionReset again = reApplyAndAwaitAdopted(FIXTURE, first, guest(1));
        assertThat(again.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
        assertThat(again.getStatus().getReset().getInvitationId()).as("the record of the first resource's reset")
                .isEqualTo(first.getStatus().getReset().getInvitationId());
        assertThat(again.getStatus().getReset().getIssuedAt()).isEqualTo(first.getStatus().getReset().getIssuedAt());
    }

    /**
     * A guest named by its mail: the reset moved that mail away, so Graph no longer finds the guest
     * by it. The re-created resource takes the resolution its claim keeps (object id and the mail
     * before the change) and adopts its record instead of stalling with UserNotFound.
     */
    @Test
    void aResourceNamingItsGuestByTheMailItsResetMovedAwayIsFoundAgainWhenCreatedAgain() {
        String byMail = "7d000000-0000-4000-8000-0000000000e1";
        GuestRedemptionReset first = resetOnce(NAMESPACE, OperatorHarness.resource("again-by-mail",
                new GuestReference(null, "bymail@ledger-old.example"), "bymail@ledger-new.example"), byMail);

        GuestRedemptionReset again = reApplyAndAwaitAdopted(FIXTURE, first, byMail);
        assertThat(again.getStatus().getUserId()).isEqualTo(byMail);
        assertThat(again.getStatus().getPreviousEmail()).isEqualTo("bymail@ledger-old.example");
    }

    /** `plan` of the file a GitOps tool would apply again: the ledger already holds its request. */
    @Test
    void planShowsARequestTheLedgerHoldsAsNoChangeWithWhenAndByWhom() {
        KubernetesClient client = FIXTURE.client();
        GuestRedemptionReset first = resetOnce(NAMESPACE, resetting("plan-again", 3), guest(3));
        deleteAndAwaitGone(client, first);
        GuestRedemptionReset file = asManifest(client, first);

        Plan plan;
        try (TenantGateways gateways = new TenantGateways(FIXTURE.environment().graphConnection(), GraphGateways::create)) {
            plan = Planner.withOperatorDefaults(gateways, ConnectionSecrets.readFrom(client), ClusterView.of(client, false),
                    Clock.systemUTC()).plan(List.of(file));
        }

        PlannedAction action = plan.actions().get(0);
        assertThat(action.kind()).isEqualTo(PlannedAction.Kind.NOTHING);
        assertThat(action.message()).startsWith("no change (done on " + first.getStatus().getReset().getIssuedAt()
                + " by default/plan-again");
    }

    @Test
    void kubectlDeleteThenClientSideAndServerSideApplyOfTheSameFileWriteNothing() {
        Kubectl kubectl = FIXTURE.kubectl();
        Path file = manifestFile("again-kubectl", """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata:
                  name: again-kubectl
                  namespace: default
                spec:
                  guest:
                    userId: %s
                  desiredEmail: %s
                """.formatted(guest(2), newEmail(2)));
        kubectl.succeeds("apply", "-f", file.toString());
        awaitResetOnce(NAMESPACE, "again-kubectl", guest(2));
        int writesBefore = writesTo(FIXTURE.emulator(), guest(2)).size();

        kubectl.succeeds("delete", "-f", file.toString());
        assertThat(kubectl.succeeds("apply", "-f", file.toString()).stdout()).contains("again-kubectl created");
        awaitAdopted(FIXTURE, NAMESPACE, "again-kubectl", guest(2), writesBefore);

        kubectl.succeeds("delete", "-f", file.toString());
        assertThat(kubectl.succeeds("apply", "--server-side", "-f", file.toString()).stdout()).contains("serverside-applied");
        awaitAdopted(FIXTURE, NAMESPACE, "again-kubectl", guest(2), writesBefore);
        assertThat(resetsOf(FIXTURE.emulator(), guest(2))).hasSize(1);
    }

    @Test
    void aResourceMovedToAnotherNamespaceAdoptsTheResetOfTheOneItReplacesAndSaysSo() {
        KubernetesClient client = FIXTURE.client();
        GuestRedemptionReset first = resetOnce(NAMESPACE, resetting("move-from", 4), guest(4));
        int writesBefore = writesTo(FIXTURE.emulator(), guest(4)).size();

        deleteAndAwaitGone(client, first);
        Policies.namespace(client, "ledger-moved", Map.of());
        GuestRedemptionReset moved = asManifest(client, first);
        moved.getMetadata().setName("move-to");
        Policies.create(client, "ledger-moved", moved);

        GuestRedemptionReset adopted = awaitAdopted(FIXTURE, "ledger-moved", "move-to", guest(4), writesBefore);
        assertThat(adopted.getStatus().getReset().getIssuedBy()).isEqualTo("default/move-from");
        assertThat(condition(adopted, "RedemptionReset")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).contains("Redemption reset to " + newEmail(4), "by default/move-from",
                    "adopted from the reset ledger on the guest's claim; nothing was sent again");
        });
        assertThat(condition(adopted, "Ready").orElseThrow().getMessage()).contains("by default/move-from",
                "this resource adopted that record and sent nothing to Graph");

        Kubectl.Result described = FIXTURE.kubectl().succeeds("describe", "grr", "move-to", "-n", "ledger-moved");
        assertThat(described.stdout()).contains("Confirmed By:", CLUSTER_LEDGER, "Issued By:", "default/move-from",
                "adopted from the reset ledger", ADOPTED);
    }

    @Test
    void aNamespaceDeletedAndSyncedAgainWritesNothing() {
        KubernetesClient client = FIXTURE.client();
        String namespace = "ledger-app";
        Policies.namespace(client, namespace, Map.of("team", "ledger"));
        List<GuestRedemptionReset> settled = List.of(
                resetOnce(namespace, resetting("app-guest-5", 5), guest(5)),
                resetOnce(namespace, resetting("app-guest-6", 6), guest(6)));
        int writes5 = writesTo(FIXTURE.emulator(), guest(5)).size();
        int writes6 = writesTo(FIXTURE.emulator(), guest(6)).size();

        // As a GitOps prune does it: the resources, then their namespace.
        settled.forEach(r -> deleteAndAwaitGone(client, r));
        client.namespaces().withName(namespace).delete();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.namespaces().withName(namespace).get() == null);

        Policies.namespace(client, namespace, Map.of("team", "ledger"));
        settled.forEach(r -> Policies.create(client, namespace, asManifest(client, r)));
        awaitAdopted(FIXTURE, namespace, "app-guest-5", guest(5), writes5);
        awaitAdopted(FIXTURE, namespace, "app-guest-6", guest(6), writes6);
    }

    @Test
    void aNewResetRequestResetsOnceMoreToTheSameEmailAndReApplyingItWritesNothing() {
        KubernetesClient client = FIXTURE.client();
        GuestRedemptionReset first = resetOnce(NAMESPACE, resetting("again-request", 7), guest(7));
        int postsBefore = resetPostsFor(FIXTURE.emulator(), guest(7)).size();
        int patchesBefore = patchesTo(FIXTURE.emulator(), guest(7)).size();

        client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName("again-request").edit(r -> {
            r.getSpec().setResetRequest("second-2026-12");
            return r;
        });
        GuestRedemptionReset second = awaitResource(client, NAMESPACE, "again-request", r -> settled(r) && isTrue(r, "Ready")
                && r.getStatus().getReset() != null && "second-2026-12".equals(r.getStatus().getReset().getRequest()));

        List<JournalEntry> newPosts = resetPostsFor(FIXTURE.emulator(), guest(7)).subList(postsBefore,
                resetPostsFor(FIXTURE.emulator(), guest(7)).size());
        assertThat(newPosts).as("exactly one new reset").hasSize(1);
        assertThat(newPosts.get(0).requestBody()).contains("\"resetRedemption\":true", guest(7), newEmail(7));
        assertThat(newPosts.get(0).status()).isEqualTo(201);
        assertThat(resetsOf(FIXTURE.emulator(), guest(7))).extracting(InvitationRecord::invitedUserEmailAddress)
                .containsExactly(newEmail(7), newEmail(7));
        assertThat(patchesTo(FIXTURE.emulator(), guest(7))).as("the addresses were already right").hasSize(patchesBefore);
        assertThat(second.getStatus().getReset().getInvitationId()).isNotEqualTo(first.getStatus().getReset().getInvitationId());
        assertThat(ledgerRecord(guest(7)).getRequest()).isEqualTo("second-2026-12");

        GuestRedemptionReset again = reApplyAndAwaitAdopted(FIXTURE, second, guest(7));
        assertThat(again.getStatus().getReset().getRequest()).isEqualTo("second-2026-12");
        assertThat(again.getStatus().getReset().getInvitationId()).isEqualTo(second.getStatus().getReset().getInvitationId());
    }

    @Test
    void revertingANewResetRequestResetsNobodyAgain() {
        KubernetesClient client = FIXTURE.client();
        resetOnce(NAMESPACE, resetting("revert-request", 9), guest(9));
        client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName("revert-request").edit(r -> {
            r.getSpec().setResetRequest("second");
            return r;
        });
        awaitResource(client, NAMESPACE, "revert-request", r -> settled(r) && isTrue(r, "Ready")
                && r.getStatus().getReset() != null && "second".equals(r.getStatus().getReset().getRequest()));
        assertThat(resetPostsFor(FIXTURE.emulator(), guest(9))).hasSize(2);

        // The commit that asked for it is reverted: both requests were done, nobody asked for a third reset.
        client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName("revert-request").edit(r -> {
            r.getSpec().setResetRequest(null);
            return r;
        });
        GuestRedemptionReset reverted = awaitResource(client, NAMESPACE, "revert-request", r -> settled(r)
                && Long.valueOf(3).equals(r.getStatus().getObservedGeneration()));
        assertThat(resetPostsFor(FIXTURE.emulator(), guest(9))).as("reset POSTs after the revert").hasSize(2);
        assertThat(isTrue(reverted, "Ready")).isTrue();
    }

    @Test
    void theLedgerOnTheGuestsClaimRecordsTheResetAndOutlivesTheResource() {
        KubernetesClient client = FIXTURE.client();
        GuestRedemptionReset settled = resetOnce(NAMESPACE, resetting("ledger-lease", 8), guest(8));

        Lease claim = claimOf(client, guest(8));
        assertThat(claim).as("Lease default/grr-guest-" + guest(8)).isNotNull();
        assertThat(claim.getMetadata().getAnnotations()).as("the intent is settled")
                .doesNotContainKey(LedgerAnnotations.PENDING_RESET);
        ResetRecord record = ledgerRecord(guest(8));
        assertThat(record.getUserId()).isEqualTo(guest(8));
        assertThat(record.getEmail()).isEqualTo(newEmail(8));
        assertThat(record.getRequest()).as("the first request to the email has no name").isNull();
        assertThat(record.getIssuedBy()).isEqualTo("default/ledger-lease");
        assertThat(record.getConfirmedBy()).isEqualTo("GraphResponse");
        assertThat(record.getInvitationId()).isEqualTo(settled.getStatus().getReset().getInvitationId())
                .isEqualTo(resetsOf(FIXTURE.emulator(), guest(8)).get(0).id());

        // What an administrator sees with kubectl, and still sees once the resource is gone.
        deleteAndAwaitGone(client, settled);
        Kubectl.Result annotation = FIXTURE.kubectl().succeeds("get", "lease", "grr-guest-" + guest(8), "-n", "default", "-o",
                "jsonpath={.metadata.annotations.guestops\\.io/last-reset}");
        assertThat(annotation.stdout()).contains(guest(8), newEmail(8), "default/ledger-lease", record.getInvitationId());
    }

    /** Creates the resource and waits for its one reset: Ready, one PATCH of the addresses and one POST /invitations. */
    private static GuestRedemptionReset resetOnce(String namespace, GuestRedemptionReset resource, String userId) {
        Policies.create(FIXTURE.client(), namespace, resource);
        return awaitResetOnce(namespace, resource.getMetadata().getName(), userId);
    }

    private static GuestRedemptionReset awaitResetOnce(String namespace, String name, String userId) {
        GuestRedemptionReset ready = awaitResource(FIXTURE.client(), namespace, name,
                r -> settled(r) && isTrue(r, "Ready") && r.getStatus().getReset() != null);
        assertThat(ready.getStatus().getReset().getConfirmedBy()).isEqualTo("GraphResponse");
        assertThat(resetsOf(FIXTURE.emulator(), userId)).hasSize(1);
        assertThat(patchesTo(FIXTURE.emulator(), userId)).hasSize(1);
        return ready;
    }

    private static ResetRecord ledgerRecord(String userId) {
        String json = claimOf(FIXTURE.client(), userId).getMetadata().getAnnotations().get(LedgerAnnotations.LAST_RESET);
        assertThat(json).as("annotation " + LedgerAnnotations.LAST_RESET).isNotBlank();
        return FIXTURE.client().getKubernetesSerialization().unmarshal(json, ResetRecord.class);
    }

    private static Path manifestFile(String name, String yaml) {
        try {
            return Files.writeString(FIXTURE.kubectlDir().resolve(name + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
