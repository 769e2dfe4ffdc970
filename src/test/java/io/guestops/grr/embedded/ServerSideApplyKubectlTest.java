package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.KubectlFixture;
import io.guestops.grr.testkit.RefusedApplies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Server-side apply on the embedded Kubernetes, as kubectl ({@code apply --server-side}), the Fabric8
 * client and JOSDK use it: create when absent, merge into the live object otherwise, the status
 * subresource honoured, the generation moved by spec changes only, stale resourceVersions refused
 * (by status updates too, as the operator's optimistic locking needs), and the PatchOptions the API
 * server requires.
 */
class ServerSideApplyKubectlTest {

    private static final String RESOURCES = "/apis/guestops.io/v1alpha1/namespaces/default/guestredemptionresets/";

    @RegisterExtension
    static final KubectlFixture FIXTURE = new KubectlFixture();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void kubectlServerSideApplyCreatesAndThenUpdatesAResource() {
        Kubectl.Result created = FIXTURE.kubectl().apply(manifest("ssa-alex", "alex@new.example"), "--server-side");
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(created.stdout()).contains("guestredemptionreset.guestops.io/ssa-alex serverside-applied");
        GuestRedemptionReset first = get("ssa-alex");
        assertThat(first.getSpec().getDesiredEmail()).isEqualTo("alex@new.example");
        assertThat(first.getMetadata().getGeneration()).isEqualTo(1L);

        // another writer's label and the status are not in kubectl's configuration: they stay
        FIXTURE.client().resources(GuestRedemptionReset.class).withName("ssa-alex").edit(r -> {
            r.getMetadata().setLabels(Map.of("owner", "someone-else"));
            return r;
        });
        writeStatus("ssa-alex", "Marked");

        Kubectl.Result updated = FIXTURE.kubectl().apply(manifest("ssa-alex", "alex@newer.example"), "--server-side");
        assertThat(updated.exitCode()).as(updated.all()).isZero();
        GuestRedemptionReset second = get("ssa-alex");
        assertThat(second.getSpec().getDesiredEmail()).isEqualTo("alex@newer.example");
        assertThat(second.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(second.getMetadata().getLabels()).containsEntry("owner", "someone-else");
        assertThat(second.getStatus().getConditions()).extracting("reason").containsExactly("Marked");

        Kubectl.Result unchanged = FIXTURE.kubectl().apply(manifest("ssa-alex", "alex@newer.example"), "--server-side");
        assertThat(unchanged.exitCode()).as(unchanged.all()).isZero();
        assertThat(get("ssa-alex").getMetadata().getGeneration()).as("the same spec again").isEqualTo(2L);
    }

    @Test
    void kubectlServerSideApplyIsValidatedAgainstTheSchema() {
        Kubectl.Result refused = FIXTURE.kubectl().apply(manifest("ssa-invalid", "not an address"), "--server-side");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("spec.desiredEmail");
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("ssa-invalid").get()).isNull();
    }

    @Test
    void aFabric8ServerSideApplyOfTheStatusChangesOnlyTheStatus() {
        FIXTURE.client().resource(resource("ssa-status", "ben@new.example")).create();
        GuestRedemptionReset applied = resource("ssa-status", "someone@else.example"); // a spec the status apply must ignore
        applied.setStatus(status("Applied"));

        GuestRedemptionReset answer = FIXTURE.client().resource(applied).subresource("status").patch(apply("status-writer"));

        assertThat(answer.getStatus().getConditions()).extracting("reason").containsExactly("Applied");
        GuestRedemptionReset stored = get("ssa-status");
        assertThat(stored.getStatus().getConditions()).extracting("reason").containsExactly("Applied");
        assertThat(stored.getSpec().getDesiredEmail()).isEqualTo("ben@new.example");
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void anApplyToTheObjectLeavesTheStatusSubresourceAlone() {
        FIXTURE.client().resource(resource("ssa-main", "cy@new.example")).create();
        writeStatus("ssa-main", "Marked");
        GuestRedemptionReset applied = resource("ssa-main", "cy@newer.example");
        applied.setStatus(status("Overwritten"));

        FIXTURE.client().resource(applied).patch(apply("spec-writer"));

        GuestRedemptionReset stored = get("ssa-main");
        assertThat(stored.getSpec().getDesiredEmail()).isEqualTo("cy@newer.example");
        assertThat(stored.getStatus().getConditions()).extracting("reason").containsExactly("Marked");
    }

    @Test
    void anApplyCarryingAStaleResourceVersionIsAConflict() {
        GuestRedemptionReset created = FIXTURE.client().resource(resource("ssa-stale", "di@new.example")).create();
        writeStatus("ssa-stale", "Marked"); // moves the resourceVersion on
        GuestRedemptionReset stale = resource("ssa-stale", "di@new.example");
        stale.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
        stale.setStatus(status("Late"));

        assertThatThrownBy(() -> FIXTURE.client().resource(stale).subresource("status").patch(apply("late-writer")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on guestredemptionresets.guestops.io"
                            + " \"ssa-stale\": the object has been modified; please apply your changes to the latest version and try again");
                });
        assertThat(get("ssa-stale").getStatus().getConditions()).extracting("reason").containsExactly("Marked");
    }

    @Test
    void aStatusUpdateCarryingAStaleResourceVersionIsAConflictToo() {
        GuestRedemptionReset created = FIXTURE.client().resource(resource("put-stale", "gus@new.example")).create();
        writeStatus("put-stale", "Marked"); // moves the resourceVersion on
        created.setStatus(status("Late"));

        assertThatThrownBy(() -> FIXTURE.client().resource(created).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(get("put-stale").getStatus().getConditions()).extracting("reason").containsExactly("Marked");
    }

    @Test
    void aBuiltInObjectIsCreatedByApplyAndItsMapsAreMerged() {
        ConfigMap first = new ConfigMapBuilder().withNewMetadata().withName("ssa-map").withNamespace("default").endMetadata()
                .addToData("a", "1").build();
        FIXTURE.client().resource(first).patch(apply("first"));
        ConfigMap second = new ConfigMapBuilder().withNewMetadata().withName("ssa-map").withNamespace("default").endMetadata()
                .addToData("b", "2").build();

        FIXTURE.client().resource(second).patch(apply("second"));

        assertThat(FIXTURE.client().configMaps().withName("ssa-map").get().getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    }

    @Test
    void aYamlApplyConfigurationIsAccepted() throws Exception {
        HttpResponse<String> answer = send(RESOURCES + "ssa-yaml?fieldManager=yaml-writer", """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata:
                  name: ssa-yaml
                spec:
                  guest:
                    email: eve@old.example
                  desiredEmail: eve@new.example
                """);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(get("ssa-yaml").getSpec().getDesiredEmail()).isEqualTo("eve@new.example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.guestops.grr.testkit.RefusedApplies#cases")
    void anApplyTheApiServerRefusesIsRefused(RefusedApplies.Case refused) throws Exception {
        HttpResponse<String> answer = send(refused.pathAndQuery(), refused.body());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(refused.code());
        assertThat(new ObjectMapper().readTree(answer.body()).path("message").asText()).isEqualTo(refused.message());
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("ssa-refused").get()).isNull();
    }

    private static HttpResponse<String> send(String pathAndQuery, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(FIXTURE.kubernetes().apiServerUrl().replaceAll("/$", "") + pathAndQuery))
                .header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static PatchContext apply(String fieldManager) {
        return new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(fieldManager)
                .withForce(true).build();
    }

    private static void writeStatus(String name, String reason) {
        GuestRedemptionReset current = get(name);
        current.setStatus(status(reason));
        FIXTURE.client().resource(current).updateStatus();
    }

    private static GuestRedemptionResetStatus status(String reason) {
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        status.setObservedGeneration(1L);
        status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").withReason(reason)
                .withMessage("written by the test").withLastTransitionTime(Instant.now().toString()).build()));
        return status;
    }

    private static GuestRedemptionReset get(String name) {
        return FIXTURE.client().resources(GuestRedemptionReset.class).withName(name).get();
    }

    private static GuestRedemptionReset resource(String name, String desiredEmail) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(null, name.replace("ssa-", "") + "@old.example"));
        spec.setDesiredEmail(desiredEmail);
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        resource.setSpec(spec);
        return resource;
    }

    private static String manifest(String name, String desiredEmail) {
        return """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata:
                  name: %s
                spec:
                  guest:
                    email: %s@old.example
                  desiredEmail: %s
                """.formatted(name, name.replace("ssa-", ""), desiredEmail);
    }
}
