package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.KubectlFixture;
import io.guestops.grr.testkit.RefusedApplies;
import io.guestops.grr.testkit.ResetResources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Server-side apply on the real API server: field managers recorded, a second manager's
 * conflicting apply refused with 409 unless it forces, and the applies the API server refuses
 * refused alike by the embedded API (ServerSideApplyKubectlTest's table, asked of both servers).
 * The embedded API keeps no field ownership (README, "Known limits"): the conflict is the real
 * server's alone.
 */
class ServerSideApplyOnRealKubernetesTest {

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    /** The embedded API, asked the same applies; its folder holds the manifests. */
    @RegisterExtension
    static final KubectlFixture EMBEDDED = new KubectlFixture();

    @Test
    void aSecondManagersConflictingApplyIsRefusedUnlessItForces() throws IOException {
        Path first = file("ssa-owned", "gia@new.example");
        assertThat(KUBE.kubectl("apply", "--server-side", "-f", first.toString())).contains("serverside-applied");
        assertThat(managers("ssa-owned")).containsEntry("kubectl", "Apply");

        Path second = file("ssa-owned", "gia@other.example");
        RealKubernetes.KubectlResult refused = KUBE.kubectlResult("apply", "--server-side", "--field-manager=partner-team", "-f",
                second.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("Apply failed with 1 conflict", "conflict with \"kubectl\"", ".spec.desiredEmail");
        assertThat(desiredEmail("ssa-owned")).isEqualTo("gia@new.example");

        // the same apply as the same manager is no conflict; the other manager may take the field by force
        assertThat(KUBE.kubectlResult("apply", "--server-side", "-f", first.toString()).exitCode()).isZero();
        KUBE.kubectl("apply", "--server-side", "--field-manager=partner-team", "--force-conflicts", "-f", second.toString());
        assertThat(desiredEmail("ssa-owned")).isEqualTo("gia@other.example");
        assertThat(managers("ssa-owned")).containsEntry("partner-team", "Apply");
        assertThat(ownerOf("ssa-owned", "f:desiredEmail")).containsExactly("partner-team");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.guestops.grr.testkit.RefusedApplies#cases")
    void anApplyTheApiServerRefusesIsRefusedAlikeByTheEmbeddedApi(RefusedApplies.Case refused) throws Exception {
        String pathAndQuery = refused.pathAndQuery();
        String body = refused.body();

        HttpResponse<String> real = apply(HttpClient.newBuilder().sslContext(RealKubernetes.trusting(KUBE.certificateFile())).build(),
                KUBE.url() + pathAndQuery, KUBE.adminToken(), body);
        HttpResponse<String> standIn = apply(HttpClient.newHttpClient(), EMBEDDED.kubernetes().apiServerUrl().replaceAll("/$", "") + pathAndQuery,
                null, body);

        assertThat(real.statusCode()).as(real.body()).isEqualTo(refused.code());
        assertThat(messageOf(real)).isEqualTo(refused.message());
        assertThat(standIn.statusCode()).as(standIn.body()).isEqualTo(refused.code());
        assertThat(messageOf(standIn)).isEqualTo(messageOf(real));
    }

    private static HttpResponse<String> apply(HttpClient http, String url, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String messageOf(HttpResponse<String> answer) throws IOException {
        return new ObjectMapper().readTree(answer.body()).path("message").asText();
    }

    private static Map<String, String> managers(String name) {
        return get(name).getMetadata().getManagedFields().stream()
                .collect(java.util.stream.Collectors.toMap(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation));
    }

    /** The managers whose recorded fields name {@code field} (e.g. {@code f:desiredEmail}). */
    private static List<String> ownerOf(String name, String field) {
        ObjectMapper json = new ObjectMapper();
        return get(name).getMetadata().getManagedFields().stream()
                .filter(entry -> json.valueToTree(entry.getFieldsV1()).toString().contains("\"" + field + "\""))
                .map(ManagedFieldsEntry::getManager).toList();
    }

    private static String desiredEmail(String name) {
        return get(name).getSpec().getDesiredEmail();
    }

    private static GuestRedemptionReset get(String name) {
        return KUBE.adminClient().resources(GuestRedemptionReset.class).inNamespace("default").withName(name).get();
    }

    private static Path file(String name, String desiredEmail) throws IOException {
        return Files.writeString(EMBEDDED.dir().resolve(name + "-" + desiredEmail + ".yaml"),
                ResetResources.manifest(name, "email: " + name.replace("ssa-", "") + "@old.example", desiredEmail));
    }
}
