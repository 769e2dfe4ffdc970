package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.get;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.requestsTo;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connection Secrets are an event source: a Secret that is fixed, created, labelled or rotated
 * re-reconciles at once the resources that name it (and only those), with no periodic recheck in
 * between (the test settings recheck a stalled resource every 15 minutes), and the operator reads
 * Secrets from its informer's cache, never with a GET per pass.
 */
class ConnectionSecretsTest {

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/connection-users.yaml");

    /** Far less than the stalled recheck: only the Secret's own event can explain a recovery this fast. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    private static final String RIGHT_SECRET = "dev-only-emulator-secret";
    private static final String WRONG_SECRET = "not-the-emulator-secret";
    private static final String LABEL = "guestops.io/connection";

    @BeforeAll
    static void theStalledRecheckIsFarAway() {
        assertThat(OperatorTimings.endToEnd().stalledRecheck()).isGreaterThan(AT_ONCE.multipliedBy(10));
    }

    /** What is wrong with a resource's Secret at first, the stall it causes, and how it is put right. */
    enum Breakage {
        /** Labelled, with the wrong client secret; put right by a patch of the client secret. */
        WRONG_CLIENT_SECRET("7d000000-0000-4000-8000-000000000001", "GraphAccessDenied", WRONG_SECRET, true,
                clientSecretPatch(RIGHT_SECRET)),
        /** Not there yet (the resource names it all the same); put right by creating it. */
        SECRET_MISSING("7d000000-0000-4000-8000-000000000002", "ConnectionInvalid", null, true, null),
        /** The right client secret without the label that marks a connection; put right by a patch of the label. */
        LABEL_MISSING("7d000000-0000-4000-8000-000000000003", "ConnectionInvalid", RIGHT_SECRET, false,
                "{\"metadata\": {\"labels\": {\"" + LABEL + "\": \"true\"}}}");

        final String guestId;
        final String stallReason;
        /** The Secret's client secret at first, or null when there is no Secret yet. */
        private final String clientSecretAtFirst;
        private final boolean labelledAtFirst;
        /** The merge patch that puts the Secret right, or null when the right Secret is created. */
        private final String fixPatch;

        Breakage(String guestId, String stallReason, String clientSecretAtFirst, boolean labelledAtFirst, String fixPatch) {
            this.guestId = guestId;
            this.stallReason = stallReason;
            this.clientSecretAtFirst = clientSecretAtFirst;
            this.labelledAtFirst = labelledAtFirst;
            this.fixPatch = fixPatch;
        }

        void plant(KubernetesClient client, String name) {
            if (clientSecretAtFirst != null) {
                client.resource(secret(name, clientSecretAtFirst, labelledAtFirst)).create();
            }
        }

        void fix(KubernetesClient client, String name) {
            if (fixPatch == null) {
                client.resource(secret(name, RIGHT_SECRET, true)).create();
            } else {
                mergePatch(client, name, fixPatch);
            }
        }

        String resourceName() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    @ParameterizedTest(name = "{0}: stalled, then Ready at once when the Secret is put right")
    @EnumSource(Breakage.class)
    void aResourceRecoversAtOnceWhenItsSecretIsPutRight(Breakage breakage) {
        KubernetesClient client = FIXTURE.client();
        String secretName = breakage.resourceName() + "-graph";
        breakage.plant(client, secretName);
        create(client, withSecret(resource(breakage.resourceName(), new GuestReference(breakage.guestId, null),
                breakage.resourceName() + "@new.example"), secretName));

        GuestRedemptionReset stalled = awaitResource(client, breakage.resourceName(), r -> settled(r) && isTrue(r, "Stalled"));
        assertThat(secretGets(secretName)).as("the stalled pass read the Secret from the informer's cache").isZero();
        assertThat(condition(stalled, "Stalled").orElseThrow().getReason()).isEqualTo(breakage.stallReason);
        assertThat(condition(stalled, "Stalled").orElseThrow().getMessage()).doesNotContain(WRONG_SECRET, RIGHT_SECRET);
        if (breakage.stallReason.equals("ConnectionInvalid")) {
            assertThat(condition(stalled, "Stalled").orElseThrow().getMessage()).contains(secretName, LABEL + "=true");
        }

        breakage.fix(client, secretName);

        await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(100))
                .until(() -> isTrue(get(client, breakage.resourceName()), "Ready"));
        assertThat(resetsOf(FIXTURE.emulator(), breakage.guestId)).hasSize(1);
        assertThat(secretGets(secretName)).as("passes read the Secret from the informer's cache").isZero();
    }

    @Test
    void aRotatedSecretTakesEffectAtOnceForTheResourcesNamingItAndNoOther() {
        KubernetesClient client = FIXTURE.client();
        String rob = "7d000000-0000-4000-8000-000000000004";
        String nat = "7d000000-0000-4000-8000-000000000005";
        client.resource(secret("rob-graph", RIGHT_SECRET, true)).create();
        client.resource(secret("nat-graph", RIGHT_SECRET, true)).create();
        create(client, withSecret(resource("rob", new GuestReference(rob, null), "rob@new.example"), "rob-graph"));
        create(client, withSecret(resource("nat", new GuestReference(nat, null), "nat@new.example"), "nat-graph"));
        awaitResource(client, "rob", r -> settled(r) && isTrue(r, "Ready"));
        awaitResource(client, "nat", r -> settled(r) && isTrue(r, "Ready"));
        await().atMost(AT_ONCE).until(() -> !isTrue(get(client, "nat"), "Reconciling"));
        int natReads = requestsTo(FIXTURE.emulator(), "GET", nat).size();

        mergePatch(client, "rob-graph", clientSecretPatch(WRONG_SECRET));

        await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(100))
                .until(() -> isTrue(get(client, "rob"), "Stalled"));
        assertThat(condition(get(client, "rob"), "Stalled").orElseThrow().getReason()).isEqualTo("GraphAccessDenied");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> requestsTo(FIXTURE.emulator(), "GET", nat).size() == natReads);
        assertThat(isTrue(get(client, "nat"), "Ready")).as("a neighbour on another Secret is untouched").isTrue();
        assertThat(secretGets("rob-graph") + secretGets("nat-graph")).isZero();
    }

    /**
     * Changes a Secret without reading it first: an edit, an update without resourceVersion, or a
     * patch by name alone would GET it, and the test counts GETs of the Secret.
     */
    private static void mergePatch(KubernetesClient client, String name, String patch) {
        Secret named = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata().build();
        client.resource(named).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static String clientSecretPatch(String clientSecret) {
        return "{\"data\": {\"clientSecret\": \"" + base64(clientSecret) + "\"}}";
    }

    /** GETs of the Secret itself (not the informer's list and watch of the collection). */
    private static long secretGets(String name) {
        return FIXTURE.environment().kubernetes().requestCount("GET", "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + name);
    }

    private static Secret secret(String name, String clientSecret, boolean labelled) {
        SecretBuilder builder = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .addToData("tenantId", base64(FIXTURE.environment().graphConnection().tenantId()))
                .addToData("clientId", base64(FIXTURE.environment().graphConnection().clientId()))
                .addToData("clientSecret", base64(clientSecret));
        if (labelled) {
            builder.editMetadata().addToLabels(LABEL, "true").endMetadata();
        }
        return builder.build();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static GuestRedemptionReset withSecret(GuestRedemptionReset resource, String secretName) {
        ConnectionSpec connection = new ConnectionSpec();
        connection.setSecretName(secretName);
        resource.getSpec().setConnection(connection);
        return resource;
    }
}
