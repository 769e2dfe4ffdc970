package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.GraphJournal;
import io.guestops.grr.testkit.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator as `run` starts it (its own JVM, --kubeconfig, leader election on, policies on) on
 * the real API server, with the Graph emulator as its tenant: the README's examples applied with
 * kubectl end as each says, and the GitOps moves of the durable intent (delete and apply again,
 * move to another namespace, delete the whole namespace and sync it again) adopt the reset from the
 * ledger: exactly one reset POST per request in Graph's journal.
 */
class RunOnRealKubernetesTest {

    private static final String ADOPTED = "ResetAdoptedFromLedger";
    private static final Duration SETTLE = Duration.ofSeconds(120);

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    private static final Seed SEED = Seeds.examplesPlus("/e2e/ledger-users.yaml");

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> SEED).keepingStateAcrossTests();

    /** The examples as `dev` runs them, to compare with the real API server's outcome. */
    @RegisterExtension
    static final EnvironmentFixture EMBEDDED = EnvironmentFixture.withOperator(Seeds::examples,
            OperatorSettings.builder().policies(true).build());

    private static Path dir;
    private static RunCommandProcess operator;

    @BeforeAll
    static void startTheOperatorAndApplyTheExamples() throws IOException {
        dir = Files.createTempDirectory("run-on-real-kube");
        operator = RunCommandProcess.replica("replica-a", KUBE, GRAPH.emulator(), SEED.applications().get(0), dir);
        // as the README says: the policy first, then the resources it admits
        KUBE.kubectl("apply", "-f", "examples/00-policy.yaml");
        KUBE.kubectl("apply", "-f", "examples/");
        KUBE.kubectl("apply", "-f", writeFile("ledger-policy.yaml", LEDGER_POLICY).toString());
    }

    @AfterAll
    static void stopTheOperator() throws IOException {
        if (operator != null) {
            operator.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @ParameterizedTest(name = "{0} ends {1}")
    @CsvSource(delimiter = '|', textBlock = """
            01-new-email-and-identity-provider.yaml | Ready              | alex-new-identity-provider
            02-home-account-recreated.yaml          | Ready              | bianca-home-account-recreated
            03-moved-to-another-company.yaml        | Ready              | chen-moved-company
            04-responsibilities-passed-on.yaml      | Ready              | supplier-contact-handover
            05-member-is-refused.yaml               | Stalled/NotAGuest  | frank-is-a-member
            """)
    void everyExampleEndsAsItsAnnotationSays(String file, String expected, String name) throws IOException {
        assertThat(Files.readString(Path.of("examples", file))).as("the example states the same outcome")
                .contains("guestops.io/example-expects: " + expected);
        String condition = expected.contains("/") ? expected.substring(0, expected.indexOf('/')) : expected;

        // what the README tells a user to run; on the real server it waits on the status's conditions
        RealKubernetes.KubectlResult waited = KUBE.kubectlResult("wait", "--for=condition=" + condition, "grr/" + name,
                "-n", "default", "--timeout=" + SETTLE.toSeconds() + "s");
        assertThat(waited.exitCode()).as(waited.stderr() + operator.output()).isZero();
        assertThat(waited.stdout()).contains("condition met");

        GuestRedemptionReset settled = KUBE.adminClient().resources(GuestRedemptionReset.class).inNamespace("default")
                .withName(name).get();
        Condition reached = settled.getStatus().condition(condition).orElseThrow();
        assertThat(reached.getStatus()).isEqualTo("True");
        if (expected.contains("/")) {
            assertThat(condition + "/" + reached.getReason()).isEqualTo(expected);
            assertThat(GraphJournal.writesTo(GRAPH.emulator(), settled.getStatus().getUserId())).as("a refused resource writes nothing")
                    .isEmpty();
        } else {
            assertThat(GraphJournal.resetPostsFor(GRAPH.emulator(), settled.getStatus().getUserId())).as("reset POSTs").hasSize(1);
        }
        assertThat(operator.output()).doesNotContain("inviteRedeemUrl", "client_secret", "eyJ");
    }

    /**
     * The same examples on the embedded API (the operator in-process, as `dev` runs it, kubectl
     * through the embedded front) end with the same conditions: type, status and reason.
     */
    @Test
    void theEmbeddedApiEndsTheExamplesWithTheSameConditions() {
        Map<String, List<String>> real = conditionsOf(KUBE.adminClient(), name -> awaitSettled("default", name));
        Kubectl kubectl = EMBEDDED.kubectl();
        kubectl.succeeds("apply", "-f", "examples/00-policy.yaml");
        kubectl.succeeds("apply", "-f", "examples/");
        KubernetesClient dev = EMBEDDED.client();
        Map<String, List<String>> embedded = conditionsOf(dev, name -> await().atMost(SETTLE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> dev.resources(GuestRedemptionReset.class).inNamespace("default").withName(name).get(),
                        RunOnRealKubernetesTest::settled));

        assertThat(embedded).isEqualTo(real);
    }

    /** "Type=Status/Reason" of every condition of each example, once settled. */
    /** Guest {@code n} of /e2e/ledger-users.yaml: from guestN@ledger-old.example to guestN@ledger-new.example. */
    private static String ledgerGuest(int n) {
        return "7d000000-0000-4000-8000-00000000000" + n;
    }

    private static Map<String, List<String>> conditionsOf(KubernetesClient client, Function<String, GuestRedemptionReset> settle) {
        Map<String, List<String>> conditions = new TreeMap<>();
        for (String name : List.of("alex-new-identity-provider", "bianca-home-account-recreated", "chen-moved-company",
                "supplier-contact-handover", "frank-is-a-member")) {
            conditions.put(name, settle.apply(name).getStatus().getConditions().stream()
                    .map(c -> c.getType() + "=" + c.getStatus() + "/" + firstPassReason(c.getReason())).sorted().toList());
        }
        return conditions;
    }

    /**
     * A pass after the one that reset the guest says Settled where that pass said RedemptionReset
     * (the decision finds the reset in status): the same state, whichever pass a server happened to run last.
     */
    private static String firstPassReason(String reason) {
        return "Settled".equals(reason) ? "RedemptionReset" : reason;
    }

    /** Server-side apply keeps the spec the user's: the operator's writes own status fields only. */
    @Test
    void theOperatorsStatusWritesOwnNoSpecField() {
        GuestRedemptionReset ready = awaitSettled("default", "bianca-home-account-recreated");
        List<ManagedFieldsEntry> entries = ready.getMetadata().getManagedFields();
        assertThat(entries).anySatisfy(entry -> assertThat(entry.getSubresource()).isEqualTo("status"));
        ObjectMapper json = new ObjectMapper();
        for (ManagedFieldsEntry entry : entries) {
            String fields = json.valueToTree(entry.getFieldsV1()).toString();
            if ("status".equals(entry.getSubresource())) {
                assertThat(fields).as(entry.getManager() + "'s status writes").doesNotContain("\"f:spec\"");
            } else {
                assertThat(entry.getManager()).as("a writer of the object itself, owning " + fields).startsWith("kubectl");
            }
        }

        // GitOps taking the resource over with server-side apply: no conflict with the operator, status kept
        RealKubernetes.KubectlResult applied = KUBE.kubectlResult("apply", "--server-side", "--field-manager=gitops",
                "-f", "examples/02-home-account-recreated.yaml");
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        GuestRedemptionReset after = awaitSettled("default", "bianca-home-account-recreated");
        assertThat(after.getStatus().getReset().getInvitationId()).isEqualTo(ready.getStatus().getReset().getInvitationId());
    }

    @Test
    void aResourceDeletedAndAppliedAgainAdoptsItsReset() {
        String guest = ledgerGuest(1);
        Path file = appliedAndResetInDefault("again", 1);

        KUBE.kubectl("delete", "-f", file.toString());
        KUBE.kubectl("apply", "-f", file.toString());

        awaitAdopted("default", "again", guest);
        KUBE.kubectl("delete", "-f", file.toString());
        KUBE.kubectl("apply", "--server-side", "-f", file.toString());
        awaitAdopted("default", "again", guest);
    }

    @Test
    void aResourceMovedToAnotherNamespaceAdoptsTheResetOfTheOneItReplaces() {
        String guest = ledgerGuest(2);
        Path first = appliedAndResetInDefault("move", 2);

        String elsewhere = KUBE.createNamespace("moved");
        KUBE.kubectl("delete", "-f", first.toString());
        KUBE.kubectl("apply", "-f", manifest("move", elsewhere, guest, 2).toString());

        GuestRedemptionReset adopted = awaitAdopted(elsewhere, "move", guest);
        assertThat(adopted.getStatus().getReset().getIssuedBy()).isEqualTo("default/move");
    }

    /** Now real: the namespace controller deletes what is in the namespace, and the sync re-creates all of it. */
    @Test
    void aNamespaceDeletedWithItsResourcesAndSyncedAgainAdoptsEveryReset() {
        String namespace = KUBE.createNamespace("app");
        Path three = manifest("app-guest-3", namespace, ledgerGuest(3), 3);
        Path four = manifest("app-guest-4", namespace, ledgerGuest(4), 4);
        KUBE.kubectl("apply", "-f", three.toString(), "-f", four.toString());
        awaitResetOnce(namespace, "app-guest-3", ledgerGuest(3));
        awaitResetOnce(namespace, "app-guest-4", ledgerGuest(4));

        KUBE.kubectl("delete", "namespace", namespace, "--wait=true", "--timeout=120s");
        assertThat(KUBE.kubectlResult("get", "namespace", namespace).exitCode()).isNotZero();

        KUBE.kubectl("create", "namespace", namespace);
        KUBE.kubectl("apply", "-f", three.toString(), "-f", four.toString());
        awaitAdopted(namespace, "app-guest-3", ledgerGuest(3));
        awaitAdopted(namespace, "app-guest-4", ledgerGuest(4));
    }

    /** The manifest of resource {@code name} in namespace default for ledger guest {@code n}, applied and reset once. */
    private static Path appliedAndResetInDefault(String name, int n) {
        Path file = manifest(name, "default", ledgerGuest(n), n);
        KUBE.kubectl("apply", "-f", file.toString());
        awaitResetOnce("default", name, ledgerGuest(n));
        return file;
    }

    private static GuestRedemptionReset awaitResetOnce(String namespace, String name, String guest) {
        GuestRedemptionReset ready = awaitSettled(namespace, name);
        assertThat(ready.getStatus().condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
        assertThat(ready.getStatus().getReset().getConfirmedBy()).isEqualTo("GraphResponse");
        assertThat(GraphJournal.resetPostsFor(GRAPH.emulator(), guest)).hasSize(1);
        return ready;
    }

    /** Ready because the reset was adopted from the ledger, and still exactly one reset POST for the guest. */
    private static GuestRedemptionReset awaitAdopted(String namespace, String name, String guest) {
        GuestRedemptionReset adopted = awaitSettled(namespace, name);
        Condition ready = adopted.getStatus().condition("Ready").orElseThrow();
        assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
        assertAdoptedFromLedger(KUBE.adminClient(), adopted);
        assertThat(GraphJournal.resetPostsFor(GRAPH.emulator(), guest)).as("reset POSTs for " + guest).hasSize(1);
        assertThat(GraphJournal.patchesTo(GRAPH.emulator(), guest)).as("address PATCHes for " + guest).hasSize(1);
        return adopted;
    }

    /**
     * What says this very resource adopted its reset: its record confirmed by the cluster's ledger and
     * the Normal Event ResetAdoptedFromLedger for its uid. (Ready's reason says ResetAdoptedFromLedger
     * after the adopting pass and Settled after any later one; a test cannot choose which it sees.)
     */
    static void assertAdoptedFromLedger(KubernetesClient client, GuestRedemptionReset adopted) {
        assertThat(adopted.getStatus().getReset().getConfirmedBy()).isEqualTo("ClusterLedger");
        assertThat(adopted.getStatus().condition("Ready").orElseThrow().getReason()).isIn(ADOPTED, "Settled");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.v1().events()
                .inNamespace(adopted.getMetadata().getNamespace()).list().getItems())
                .anySatisfy(event -> {
                    assertThat(event.getInvolvedObject().getUid()).isEqualTo(adopted.getMetadata().getUid());
                    assertThat(event.getReason()).isEqualTo(ADOPTED);
                }));
    }

    /** The resource of this generation, once the operator has settled it (Ready or Stalled) with a recorded reset or refusal. */
    private static GuestRedemptionReset awaitSettled(String namespace, String name) {
        KubernetesClient client = KUBE.adminClient();
        return await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(
                () -> client.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(name).get(),
                RunOnRealKubernetesTest::settled);
    }

    private static boolean settled(GuestRedemptionReset r) {
        return r != null && r.getStatus() != null && r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration())
                && (r.getStatus().conditionIsTrue("Ready") || r.getStatus().conditionIsTrue("Stalled"));
    }

    private static Path manifest(String name, String namespace, String guest, int n) {
        return writeFile(namespace + "-" + name + ".yaml", """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  guest:
                    userId: %s
                  desiredEmail: guest%d@ledger-new.example
                """.formatted(name, namespace, guest, n));
    }

    private static Path writeFile(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Admits the ledger guests in every namespace; their mail is in the new domain once reset. */
    private static final String LEDGER_POLICY = """
            apiVersion: guestops.io/v1alpha1
            kind: GuestRedemptionPolicy
            metadata:
              name: ledger-guests
            spec:
              namespaceSelector: {}
              guests:
                mailDomains: [ledger-old.example, ledger-new.example]
              desiredEmailDomains:
                allowed: [ledger-new.example]
              connections:
                operatorDefault: true
              maxResetsPerHour: 50
            """;
}
