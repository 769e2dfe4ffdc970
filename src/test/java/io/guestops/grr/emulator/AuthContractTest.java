package io.guestops.grr.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.tls.SelfSignedCertificate;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthContractTest {
    static final String TENANT = "11111111-2222-3333-4444-555555555555";
    static final String SECRET_APP = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String CERT_APP = "aaaaaaaa-0000-0000-0000-000000000002";
    static final String FED_APP = "aaaaaaaa-0000-0000-0000-000000000003";
    static final String NO_PERMS_APP = "aaaaaaaa-0000-0000-0000-000000000004";
    static final String USER = "bbbbbbbb-0000-0000-0000-000000000001";
    static final String K8S_ISSUER = "https://oidc.example.com/cluster";
    static final String K8S_SUBJECT = "system:serviceaccount:guestops:operator";

    private static final SelfSignedCertificate CLIENT_CERT = SelfSignedCertificate.forClient("operator");
    private static final ManualClock CLOCK = new ManualClock(Instant.now());
    private static final Seed SEED = seed();
    /** Put back to its seed before every test. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> SEED).options(options -> options.clock(CLOCK));

    /** One application per way to get a token (secret, certificate, federated credential) and one without permissions. */
    private static Seed seed() {
        String pem = CLIENT_CERT.certificatePem().replace("\n", "\n          ");
        return Seed.parse("""
                tenants:
                  - id: %s
                    defaultDomain: contoso.onmicrosoft.com
                applications:
                  - clientId: %s
                    secrets: [s3cret-value]
                    applicationPermissions: [User.Read.All]
                  - clientId: %s
                    certificates:
                      - |
                          %s
                    applicationPermissions: [User.ReadWrite.All]
                  - clientId: %s
                    federatedCredentials:
                      - issuer: %s
                        subject: %s
                    applicationPermissions: [User.Read.All]
                  - clientId: %s
                    secrets: [other-secret]
                users:
                  - id: %s
                    mail: someone@contoso.com
                """.formatted(TENANT, SECRET_APP, CERT_APP, pem, FED_APP, K8S_ISSUER, K8S_SUBJECT, NO_PERMS_APP, USER));
    }

    private static Map<String, String> secretForm(String clientId, String secret) {
        return Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                "scope", "https://graph.microsoft.com/.default");
    }

    private static Map<String, String> assertionForm(String clientId, String assertion) {
        return Map.of("grant_type", "client_credentials", "client_id", clientId, "scope", "https://graph.microsoft.com/.default",
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion);
    }

    private String tokenEndpoint() {
        return GRAPH.emulator().authorityHost() + "/" + TENANT + "/oauth2/v2.0/token";
    }

    @Test
    void clientSecretGrantReturnsAnEntraShapedTokenCarryingTenantAppAndRoles() {
        EmulatorHttp.Reply reply = GRAPH.http().tokenRequest(TENANT, secretForm(SECRET_APP, "s3cret-value"));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isPositive();
        assertThat(body.get("ext_expires_in").asInt()).isPositive();
        JsonNode claims = AssertionSigner.claims(body.get("access_token").asText());
        assertThat(claims.get("tid").asText()).isEqualTo(TENANT);
        assertThat(claims.get("appid").asText()).isEqualTo(SECRET_APP);
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("User.Read.All");
        assertThat(claims.get("exp").asLong()).isGreaterThan(CLOCK.instant().getEpochSecond());
    }

    @Test
    void tenantMayBeGivenByDefaultDomain() {
        assertThat(GRAPH.http().tokenRequest("contoso.onmicrosoft.com", secretForm(SECRET_APP, "s3cret-value")).status()).isEqualTo(200);
    }

    @Test
    void wrongSecretIs401InvalidClient7000215AndIsNotJournaled() {
        EmulatorHttp.Reply reply = GRAPH.http().tokenRequest(TENANT, secretForm(SECRET_APP, "wrong-secret"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(reply.json().get("error_description").asText()).startsWith("AADSTS7000215: ");
        assertThat(reply.json().get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(GRAPH.emulator().journal()).last().satisfies(e -> {
            assertThat(e.requestBody()).doesNotContain("wrong-secret").contains("client_secret=");
            assertThat(e.appId()).isEqualTo(SECRET_APP);
        });
    }

    @Test
    void unknownClientTenantScopeAndGrantAreRefusedLikeEntra() {
        EmulatorHttp.Reply unknownClient = GRAPH.http().tokenRequest(TENANT, secretForm("99999999-0000-0000-0000-000000000000", "x"));
        EmulatorHttp.Reply unknownTenant = GRAPH.http().tokenRequest("99999999-9999-9999-9999-999999999999", secretForm(SECRET_APP, "s3cret-value"));
        EmulatorHttp.Reply badScope = GRAPH.http().tokenRequest(TENANT, Map.of("grant_type", "client_credentials", "client_id", SECRET_APP,
                "client_secret", "s3cret-value", "scope", "User.Read"));
        EmulatorHttp.Reply badGrant = GRAPH.http().tokenRequest(TENANT, Map.of("grant_type", "password", "client_id", SECRET_APP,
                "client_secret", "s3cret-value", "scope", "https://graph.microsoft.com/.default"));

        assertThat(unknownClient.status()).isEqualTo(400);
        assertThat(unknownClient.json().get("error_codes").get(0).asInt()).isEqualTo(700016);
        assertThat(unknownTenant.json().get("error_codes").get(0).asInt()).isEqualTo(90002);
        assertThat(badScope.json().get("error").asText()).isEqualTo("invalid_scope");
        assertThat(badGrant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void certificateAssertionSignedByTheRegisteredCertificateIsAccepted() {
        String assertion = AssertionSigner.rs256(CLIENT_CERT.privateKey(), CERT_APP, CERT_APP, tokenEndpoint(),
                CLOCK.instant().plusSeconds(600));

        EmulatorHttp.Reply reply = GRAPH.http().tokenRequest(TENANT, assertionForm(CERT_APP, assertion));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(AssertionSigner.claims(reply.json().get("access_token").asText()).get("appid").asText()).isEqualTo(CERT_APP);
        assertThat(GRAPH.emulator().journal()).last().satisfies(e -> assertThat(e.requestBody()).doesNotContain(assertion));
    }

    @Test
    void certificateAssertionWithAnotherKeyAWrongAudienceOrExpiredIsRefused() {
        SelfSignedCertificate stranger = SelfSignedCertificate.forClient("stranger");
        String otherKey = AssertionSigner.rs256(stranger.privateKey(), CERT_APP, CERT_APP, tokenEndpoint(), CLOCK.instant().plusSeconds(600));
        String wrongAudience = AssertionSigner.rs256(CLIENT_CERT.privateKey(), CERT_APP, CERT_APP, "https://login.microsoftonline.com/x/oauth2/v2.0/token", CLOCK.instant().plusSeconds(600));
        String expired = AssertionSigner.rs256(CLIENT_CERT.privateKey(), CERT_APP, CERT_APP, tokenEndpoint(), CLOCK.instant().minusSeconds(3600));

        EmulatorHttp.Reply signature = GRAPH.http().tokenRequest(TENANT, assertionForm(CERT_APP, otherKey));
        EmulatorHttp.Reply audience = GRAPH.http().tokenRequest(TENANT, assertionForm(CERT_APP, wrongAudience));
        EmulatorHttp.Reply lifetime = GRAPH.http().tokenRequest(TENANT, assertionForm(CERT_APP, expired));

        assertThat(signature.status()).isEqualTo(401);
        assertThat(signature.json().get("error_codes").get(0).asInt()).isEqualTo(700027);
        assertThat(audience.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(audience.status()).isEqualTo(400);
        assertThat(lifetime.json().get("error_codes").get(0).asInt()).isEqualTo(700024);
    }

    @Test
    void federatedAssertionMatchingIssuerSubjectAndAudienceIsAccepted() {
        // The emulator cannot fetch the issuer's keys: any signature is accepted for federated tokens.
        SelfSignedCertificate kubernetes = SelfSignedCertificate.forClient("kubernetes");
        String token = AssertionSigner.rs256(kubernetes.privateKey(), K8S_ISSUER, K8S_SUBJECT, "api://AzureADTokenExchange", CLOCK.instant().plusSeconds(600));
        String wrongSubject = AssertionSigner.rs256(kubernetes.privateKey(), K8S_ISSUER, "system:serviceaccount:other:sa", "api://AzureADTokenExchange", CLOCK.instant().plusSeconds(600));
        String wrongAudience = AssertionSigner.rs256(kubernetes.privateKey(), K8S_ISSUER, K8S_SUBJECT, "api://Other", CLOCK.instant().plusSeconds(600));

        assertThat(GRAPH.http().tokenRequest(TENANT, assertionForm(FED_APP, token)).status()).isEqualTo(200);
        assertThat(GRAPH.http().tokenRequest(TENANT, assertionForm(FED_APP, wrongSubject)).json().get("error_codes").get(0).asInt()).isEqualTo(700213);
        assertThat(GRAPH.http().tokenRequest(TENANT, assertionForm(FED_APP, wrongAudience)).json().get("error_codes").get(0).asInt()).isEqualTo(700212);
    }

    @Test
    void graphRefusesMissingMalformedAndForeignlySignedTokensWith401() {
        String foreign;
        try (GraphEmulator other = EmulatorFixture.standalone(options -> options.seed(SEED))) {
            foreign = new EmulatorHttp(other).token(TENANT, SECRET_APP, "s3cret-value");
        }

        EmulatorHttp.Reply missing = GRAPH.http().get("/v1.0/users/" + USER, null);
        EmulatorHttp.Reply malformed = GRAPH.http().get("/v1.0/users/" + USER, "not-a-jwt");
        EmulatorHttp.Reply badlySigned = GRAPH.http().get("/v1.0/users/" + USER, foreign);

        for (EmulatorHttp.Reply reply : new EmulatorHttp.Reply[] {missing, malformed, badlySigned}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.errorCode()).isEqualTo("InvalidAuthenticationToken");
        }
    }

    @Test
    void expiredTokenIs401() {
        String token = GRAPH.http().token(TENANT, SECRET_APP, "s3cret-value");
        assertThat(GRAPH.http().get("/v1.0/users/" + USER, token).status()).isEqualTo(200);

        CLOCK.advance(Duration.ofHours(1));

        EmulatorHttp.Reply reply = GRAPH.http().get("/v1.0/users/" + USER, token);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void tokenOfATenantTheDirectoryNoLongerHasIs401() {
        String token = GRAPH.http().token(TENANT, SECRET_APP, "s3cret-value");
        GRAPH.emulator().reset(Seed.sample());

        EmulatorHttp.Reply reply = GRAPH.http().get("/v1.0/users/" + USER, token);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void missingApplicationPermissionIs403AuthorizationRequestDenied() {
        String reader = GRAPH.http().token(TENANT, SECRET_APP, "s3cret-value");
        String nothing = GRAPH.http().token(TENANT, NO_PERMS_APP, "other-secret");

        EmulatorHttp.Reply patch = GRAPH.http().patch("/v1.0/users/" + USER, reader, "{\"otherMails\":[]}");
        EmulatorHttp.Reply invite = GRAPH.http().post("/v1.0/invitations", reader, "{\"invitedUserEmailAddress\":\"a@b.com\",\"inviteRedirectUrl\":\"https://myapps.microsoft.com\"}");
        EmulatorHttp.Reply roles = GRAPH.http().get("/v1.0/roleManagement/directory/roleAssignments?$filter=principalId%20eq%20'" + USER + "'", reader);
        EmulatorHttp.Reply read = GRAPH.http().get("/v1.0/users/" + USER, nothing);

        for (EmulatorHttp.Reply reply : new EmulatorHttp.Reply[] {patch, invite, roles, read}) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.errorCode()).isEqualTo("Authorization_RequestDenied");
            assertThat(reply.json().at("/error/message").asText()).isEqualTo("Insufficient privileges to complete the operation.");
        }
        assertThat(GRAPH.emulator().directory().users()).allSatisfy(u -> assertThat(u.otherMails()).isEmpty());
    }

    @Test
    void openIdConfigurationAndInstanceDiscoveryAnswer() {
        EmulatorHttp.Reply config = GRAPH.http().get("/" + TENANT + "/v2.0/.well-known/openid-configuration", null);
        EmulatorHttp.Reply discovery = GRAPH.http().get("/common/discovery/instance?api-version=1.1&authorization_endpoint=x", null);

        assertThat(config.json().get("token_endpoint").asText()).isEqualTo(tokenEndpoint());
        assertThat(discovery.json().get("tenant_discovery_endpoint").asText()).startsWith(GRAPH.emulator().authorityHost());
    }
}
