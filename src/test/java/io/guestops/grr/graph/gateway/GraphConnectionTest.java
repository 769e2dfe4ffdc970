package io.guestops.grr.graph.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphConnectionTest {

    private static final String SECRET = "very-secret-value";

    @Test
    void defaultsToThePublicCloud() {
        GraphConnection connection = GraphConnection.builder().tenantId("t").clientId("c").clientSecret(SECRET).build();

        assertThat(connection.baseUrl()).isEqualTo("https://graph.microsoft.com/v1.0");
        assertThat(connection.tokenScope()).isEqualTo("https://graph.microsoft.com/.default");
        assertThat(connection.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com"));
        assertThat(connection.isPrivateAuthority()).isFalse();
        assertThat(connection.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(connection.sdkRetries()).isEqualTo(GraphConnection.SdkRetries.DEFAULT);
    }

    @Test
    void nationalCloudAndPrivateEndpointsAreNormalised() {
        GraphConnection usGov = GraphConnection.builder().graphEndpoint("https://graph.microsoft.us/")
                .authorityHost("https://login.microsoftonline.us").tenantId("t").clientId("c").clientSecret(SECRET).build();
        GraphConnection emulator = GraphConnection.builder().graphEndpoint("https://127.0.0.1:8443")
                .authorityHost("https://127.0.0.1:8443/").tenantId("t").clientId("c").clientSecret(SECRET).build();

        assertThat(usGov.baseUrl()).isEqualTo("https://graph.microsoft.us/v1.0");
        assertThat(usGov.isPrivateAuthority()).isFalse();
        assertThat(emulator.tokenScope()).isEqualTo("https://127.0.0.1:8443/.default");
        assertThat(emulator.isPrivateAuthority()).isTrue();
    }

    @Test
    void authorityAndEndpointMustBeHttps() {
        var builder = GraphConnection.builder().tenantId("t").clientId("c").clientSecret(SECRET);

        assertThatThrownBy(() -> builder.authorityHost("http://127.0.0.1:8443").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("authorityHost: must be an https URL");
        assertThatThrownBy(() -> GraphConnection.builder().graphEndpoint("http://localhost")
                .tenantId("t").clientId("c").clientSecret(SECRET).build())
                .hasMessageStartingWith("graphEndpoint: must be an https URL");
    }

    @Test
    void appCredentialsNeedTenantAndClient() {
        assertThatThrownBy(() -> GraphConnection.builder().clientId("c").clientSecret(SECRET).build())
                .hasMessageStartingWith("tenantId: required");
        assertThatThrownBy(() -> GraphConnection.builder().tenantId("t").clientSecret(SECRET).build())
                .hasMessageStartingWith("clientId: required");
        assertThatThrownBy(() -> GraphConnection.builder().tenantId("t").clientId("c").build())
                .hasMessageContaining("credential");
    }

    @Test
    void toStringNeverShowsTheSecretOrTheKey() {
        byte[] pem = ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
                + "-----BEGIN PRIVATE KEY-----\nKEYMATERIAL\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        GraphConnection withSecret = GraphConnection.builder().tenantId("t").clientId("c").clientSecret(SECRET).build();
        GraphConnection withCertificate = GraphConnection.builder().tenantId("t").clientId("c").clientCertificatePem(pem).build();

        assertThat(withSecret.toString()).contains("ClientSecret").doesNotContain(SECRET);
        assertThat(withSecret.credential().toString()).doesNotContain(SECRET);
        assertThat(withCertificate.toString()).contains("ClientCertificate").doesNotContain("KEYMATERIAL", "MIIB");
    }

    @Test
    void aCertificatePemWithoutItsKeyIsRefusedClearly() {
        byte[] certificateOnly = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> GraphCredential.ClientCertificate.ofPem(certificateOnly))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("client certificate PEM: no PRIVATE KEY block");
    }

    @Test
    void workloadIdentityComesFromThePodEnvironment() {
        GraphConnection connection = GraphConnection.builder().workloadIdentityFromEnvironment(Map.of(
                "AZURE_TENANT_ID", "tenant-1", "AZURE_CLIENT_ID", "client-1",
                "AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token",
                "AZURE_AUTHORITY_HOST", "https://login.microsoftonline.us/")).build();

        assertThat(connection.tenantId()).isEqualTo("tenant-1");
        assertThat(connection.clientId()).isEqualTo("client-1");
        assertThat(connection.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.us"));
        assertThat(connection.credential()).isEqualTo(new GraphCredential.WorkloadIdentity(
                Path.of("/var/run/secrets/azure/tokens/azure-identity-token")));
        assertThatThrownBy(() -> GraphConnection.builder().workloadIdentityFromEnvironment(Map.of()))
                .hasMessageStartingWith("AZURE_FEDERATED_TOKEN_FILE: not set");
    }

    @Test
    void anUnreadableTrustedCertificateNamesTheFile(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

        assertThatThrownBy(() -> GraphConnection.builder().trustCertificatesPem(garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trusted certificate " + garbage);
        assertThatThrownBy(() -> GraphConnection.builder().trustCertificatesPem(dir.resolve("missing.pem")))
                .hasMessageContaining("missing.pem");
    }

    @Test
    void sdkRetriesAreBounded() {
        assertThatThrownBy(() -> new GraphConnection.SdkRetries(11, Duration.ofSeconds(1)))
                .hasMessageStartingWith("sdkRetries.maxRetries");
        assertThatThrownBy(() -> new GraphConnection.SdkRetries(1, Duration.ofMinutes(5)))
                .hasMessageStartingWith("sdkRetries.maxWait");
    }
}
