package io.guestops.grr.kube;

import static io.guestops.grr.testkit.GraphJournal.writesTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.ResetResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The kube package's end-to-end tests' view of the resources: build, apply, wait and read their
 * conditions (the environment is the testkit's EnvironmentFixture, Graph's side its GraphJournal).
 */
final class OperatorHarness {

    static final String NAMESPACE = "default";

    private OperatorHarness() {
    }

    /** A resource in the test namespace with the spec's defaults for everything but guest and email. */
    static GuestRedemptionReset resource(String name, GuestReference guest, String desiredEmail) {
        return ResetResources.of(NAMESPACE, name, guest, desiredEmail);
    }

    /** Whether an example file holds a GuestRedemptionPolicy rather than a GuestRedemptionReset. */
    static boolean isPolicyFile(Path file) {
        try {
            return Files.readString(file).contains("kind: GuestRedemptionPolicy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuestRedemptionReset load(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return client.resources(GuestRedemptionReset.class).load(in).item();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuestRedemptionReset create(KubernetesClient client, GuestRedemptionReset resource) {
        return client.resource(resource).inNamespace(NAMESPACE).create();
    }

    static GuestRedemptionReset get(KubernetesClient client, String name) {
        return client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName(name).get();
    }

    /**
     * The resource as its manifest says it (namespace, name, labels, spec), without uid,
     * resourceVersion or status: what a GitOps tool or a restore without status creates again.
     */
    static GuestRedemptionReset asManifest(KubernetesClient client, GuestRedemptionReset live) {
        GuestRedemptionReset manifest = new GuestRedemptionReset();
        manifest.setMetadata(new ObjectMetaBuilder().withNamespace(live.getMetadata().getNamespace())
                .withName(live.getMetadata().getName()).withLabels(live.getMetadata().getLabels()).build());
        manifest.setSpec(client.getKubernetesSerialization().clone(live.getSpec()));
        return manifest;
    }

    /**
     * The resources {@code kubectl get <getArgs> -o yaml} prints (a List), as a backup without status
     * or a cluster rebuilt from an export has them: status and what the API server assigns (uid,
     * resourceVersion, creationTimestamp, generation, managedFields) stripped; labels, annotations
     * and spec kept. YAML that {@code kubectl apply -f} takes on another cluster.
     */
    @SuppressWarnings("unchecked")
    static String exportedWithoutStatus(Kubectl kubectl, String... getArgs) {
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(List.of(getArgs));
        args.addAll(List.of("-o", "yaml"));
        String yaml = kubectl.succeeds(args.toArray(String[]::new)).stdout();
        KubernetesSerialization serialization = new KubernetesSerialization();
        Map<String, Object> list = serialization.unmarshal(yaml, Map.class);
        list.remove("metadata");
        for (Object item : (List<Object>) list.get("items")) {
            Map<String, Object> object = (Map<String, Object>) item;
            object.remove("status");
            Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
            List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields").forEach(metadata::remove);
        }
        return serialization.asYaml(list);
    }

    /** Deletes the resource and waits until the API server no longer has it (no finalizer holds it). */
    static void deleteAndAwaitGone(KubernetesClient client, GuestRedemptionReset resource) {
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        client.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(name).delete();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(name).get() == null);
    }

    /**
     * Deletes the resource and applies its manifest again, as a GitOps tool does after a prune or a
     * restore without status, then {@link #awaitAdopted}: its reset is not made a second time.
     */
    static GuestRedemptionReset reApplyAndAwaitAdopted(EnvironmentFixture fixture, GuestRedemptionReset live, String userId) {
        KubernetesClient client = fixture.client();
        int writesBefore = writesTo(fixture.emulator(), userId).size();
        deleteAndAwaitGone(client, live);
        client.resource(asManifest(client, live)).create();
        return awaitAdopted(fixture, live.getMetadata().getNamespace(), live.getMetadata().getName(), userId, writesBefore);
    }

    /**
     * Waits for the re-created resource to settle and checks what a user sees: Ready because its
     * reset was adopted from the cluster's ledger, and no Graph write for the guest since {@code writesBefore}.
     */
    static GuestRedemptionReset awaitAdopted(EnvironmentFixture fixture, String namespace, String name, String userId,
                                             int writesBefore) {
        // A stall ends the wait at once, so that the assertion names its reason instead of timing out.
        GuestRedemptionReset adopted = awaitResource(fixture.client(), namespace, name,
                r -> settled(r) && (r.getStatus().getReset() != null || isTrue(r, "Stalled")));
        assertThat(isTrue(adopted, "Ready")).as("Ready, not %s", adopted.getStatus().getConditions()).isTrue();
        assertThat(condition(adopted, "Ready").orElseThrow().getReason()).isEqualTo("ResetAdoptedFromLedger");
        assertThat(adopted.getStatus().getReset().getConfirmedBy()).isEqualTo("ClusterLedger");
        assertThat(adopted.getStatus().getPendingReset()).isNull();
        assertThat(writesTo(fixture.emulator(), userId)).as("Graph writes for " + userId + " after the re-create")
                .hasSize(writesBefore);
        return adopted;
    }

    /** The guest's claim, the Lease {@code grr-guest-<object id>} in the operator's namespace (the tests' is "default"). */
    static Lease claimOf(KubernetesClient client, String userId) {
        return client.leases().inNamespace(OperatorSettings.DEFAULT_CLAIM_NAMESPACE).withName(GuestClaims.leaseName(userId)).get();
    }

    static GuestRedemptionReset awaitResource(KubernetesClient client, String name, Predicate<GuestRedemptionReset> condition) {
        return awaitResource(client, NAMESPACE, name, condition);
    }

    static GuestRedemptionReset awaitResource(KubernetesClient client, String namespace, String name,
                                              Predicate<GuestRedemptionReset> condition) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> condition.test(Policies.get(client, namespace, name)));
        return Policies.get(client, namespace, name);
    }

    /** The generation was observed and the resource ended Ready or Stalled. */
    static boolean settled(GuestRedemptionReset r) {
        return r != null && r.hasSettled();
    }

    static boolean isTrue(GuestRedemptionReset r, String type) {
        return r != null && r.getStatus() != null && r.getStatus().conditionIsTrue(type);
    }

    static Optional<Condition> condition(GuestRedemptionReset r, String type) {
        return r == null || r.getStatus() == null ? Optional.empty() : r.getStatus().condition(type);
    }
}
