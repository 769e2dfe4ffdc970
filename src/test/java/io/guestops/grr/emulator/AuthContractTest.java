package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.ContractApp.ISSUER;
import static io.guestops.grr.testkit.ContractApp.OPERATOR_BY_CERTIFICATE;
import static io.guestops.grr.testkit.ContractApp.OPERATOR_BY_WORKLOAD_IDENTITY;
import static io.guestops.grr.testkit.ContractApp.POWERLESS;
import static io.guestops.grr.testkit.ContractApp.SECRET;
import static io.guestops.grr.testkit.ContractApp.SUBJECT;
import static io.guestops.grr.testkit.ContractApp.TENANT;
import static io.guestops.grr.testkit.ContractApp.USER_READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.tls.SelfSignedCertificate;
import io.guestops.grr.testkit.ContractApp;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthContractTest {
    static final String USER = "bbbbbbbb-0000-0000-0000-000000000001";

    private static final SelfSignedCertificate CLIENT_CERT = SelfSignedCertificate.forClient("operator");
    private static final ManualClock CLOCK = new ManualClock(Instant.now());
    private static final Seed SEED = seed();
    /** Put back to its seed before every test. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> SEED).options(options -> options.clock(CLOCK));

    /** One application per way to get a token (secret, certificate, federated credential) and one without permissions. */
    private static Seed seed() {
        return ContractApp.addedTo(Seed.parse("""
                tenants:
                  - id: %s
                    defaultDomain: contoso.onmicrosoft.com
                users:
                  - id: %s
                    mail: someone@contoso.com
                """.formatted(TENANT, USER)), CLIENT_CERT.certificate(),
                USER_READER, OPERATOR_BY_CERTIFICATE, OPERATOR_BY_WORKLOAD_IDENTITY, POWERLESS);
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
        EmulatorHttp.Reply reply = GRAPH.http().tokenRequest(TENANT, secretForm(USER_READER.clientId(), SECRET));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isPositive();
        assertThat(body.get("ext_expires_in").asInt()).isPositive();
        JsonNode claims = AssertionSigner.claims(body.get("access_token").asText());
        assertThat(claims.get("tid").asText()).isEqualTo(TENANT);
        assertThat(claims.get("appid").asText()).isEqualTo(USER_READER.clientId());
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("User.Read.All");
        assertThat(claims.get("exp").asLong()).isGreaterThan(CLOCK.instant().getEpochSecond());
    }

    @Test
    void tenantMayBeGivenByDefaultDomain() {
        assertThat(GRAPH.http().tokenRequest("contoso.onmicrosoft.com", secretForm(USER_READER.clientId(), SECRET)).status()).isEqualTo(200);
    }

    @Test
    void wrongSecretIs401InvalidClient7000215AndIsNotJournaled() {
        EmulatorHttp.Reply reply = GRAPH.http().tokenRequest(TENANT, secretForm(USER_READER.clientId(), "wrong-secret"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(reply.json().get("error_description").asText()).startsWith("AADSTS7000215: ");
        assertThat(reply.json().get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(GRAPH.emulator().journal()).last().satisfies(e -> {
            assertThat(e.requestBody()).doesNotContain("wrong-secret").contains("client_secret=");
            assertThat(e.appId()).isEqualTo(USER_READER.clientId());
        });
    }

    @Test
    void unknownClientTenantScopeAndGrantAreRefusedLikeEntra() {
        EmulatorHttp.Reply unknownClient = GRAPH.http().tokenRequest(TENANT, secretForm("99999999-0000-0000-0000-000000000000", "x"));
        EmulatorHttp.Reply unknownTenant = GRAPH.http().tokenRequest("99999999-9999-9999-9999-999999999999", secretForm(USER_READER.clientId(), SECRET));
        EmulatorHttp.Reply badScope = GRAPH.http().tokenRequest(TENANT, Map.of("grant_type", "client_credentials", "client_id", USER_READER.clientId(),
                "client_secret", SECRET, "scope", "User.Read"));
        EmulatorHttp.Reply badGrant = GRAPH.http().tokenRequest(TENANT, Map.of("grant_type", "password", "client_id", USER_READER.clientId(),
                "client_secret", SECRET, "scope", "https://graph.microsoft.com/.default"));

        assertThat(unknownClient.status()).isEqualTo(400);
        assertThat(unknownClient.json().get("error_codes").get(0).asInt()).isEqualTo(700016);
        assertThat(unknownTenant.json().get("error_codes").get(0).asInt()).isEqualTo(90002);
        assertThat(badScope.json().get("error").asText()).isEqualTo("invalid_scope");
        assertThat(badGrant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    /** A client assertion of the certificate application (issuer and subject its client id), signed with this key. */
    private static String certificateAssertion(PrivateKey key, String audience, Instant expiry) {
        return AssertionSigner.rs256(key, OPERATOR_BY_CERTIFICATE.clientId(), OPERATOR_BY_CERTIFICATE.clientId(), audience, expiry);
    }

    @Test
    void certificateAssertionSignedByTheRegisteredCertificateIsAccepted() {
        String assertion = certificateAssertion(CLIENT_CERT.privateKey(), tokenEndpoint(), CLOCK.instant().plusSeconds(600));

        EmulatorHttp.Reply reply = GRAPH.http().tokenRequest(TENANT, assertionForm(OPERATOR_BY_CERTIFICATE.clientId(), assertion));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(AssertionSigner.claims(reply.json().get("access_token").asText()).get("appid").asText())
                .isEqualTo(OPERATOR_BY_CERTIFICATE.clientId());
        assertThat(GRAPH.emulator().journal()).last().satisfies(e -> assertThat(e.requestBody()).doesNotContain(assertion));
    }

    @Test
    void certificateAssertionWithAnotherKeyAWrongAudienceOrExpiredIsRefused() {
        SelfSignedCertificate stranger = SelfSignedCertificate.forClient("stranger");
        String otherKey = certificateAssertion(stranger.privateKey(), tokenEndpoint(), CLOCK.instant().plusSeconds(600));
        String wrongAudience = certificateAssertion(CLIENT_CERT.privateKey(), "https://login.microsoftonline.com/x/oauth2/v2.0/token",
                CLOCK.instant().plusSeconds(600));
        String expired = certificateAssertion(CLIENT_CERT.privateKey(), tokenEndpoint(), CLOCK.instant().minusSeconds(3600));

        EmulatorHttp.Reply signature = GRAPH.http().tokenRequest(TENANT, assertionForm(OPERATOR_BY_CERTIFICATE.clientId(), otherKey));
        EmulatorHttp.Reply audience = GRAPH.http().tokenRequest(TENANT, assertionForm(OPERATOR_BY_CERTIFICATE.clientId(), wrongAudience));
        EmulatorHttp.Reply lifetime = GRAPH.http().tokenRequest(TENANT, assertionForm(OPERATOR_BY_CERTIFICATE.clientId(), expired));

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
        String token = AssertionSigner.rs256(kubernetes.privateKey(), ISSUER, SUBJECT, "api://AzureADTokenExchange", CLOCK.instant().plusSeconds(600));
        String wrongSubject = AssertionSigner.rs256(kubernetes.privateKey(), ISSUER, "system:serviceaccount:other:sa", "api://AzureADTokenExchange", CLOCK.instant().plusSeconds(600));
        String wrongAudience = AssertionSigner.rs256(kubernetes.privateKey(), ISSUER, SUBJECT, "api://Other", CLOCK.instant().plusSeconds(600));

        assertThat(GRAPH.http().tokenRequest(TENANT, assertionForm(OPERATOR_BY_WORKLOAD_IDENTITY.clientId(), token)).status()).isEqualTo(200);
        assertThat(GRAPH.http().tokenRequest(TENANT, assertionForm(OPERATOR_BY_WORKLOAD_IDENTITY.clientId(), wrongSubject)).json().get("error_codes").get(0).asInt()).isEqualTo(700213);
        assertThat(GRAPH.http().tokenRequest(TENANT, assertionForm(OPERATOR_BY_WORKLOAD_IDENTITY.clientId(), wrongAudience)).json().get("error_codes").get(0).asInt()).isEqualTo(700212);
    }

    @ParameterizedTest(name = "a token {0}")
    @ValueSource(strings = {"missing", "malformed", "signed by another emulator", "expired", "of a tenant the directory no longer has"})
    void graphRefusesABadTokenWith401InvalidAuthenticationToken(String bad) {
        EmulatorHttp.Reply reply = GRAPH.http().get("/v1.0/users/" + USER, badToken(bad));

        assertThat(reply.statusAndErrorCode()).isEqualTo("401 InvalidAuthenticationToken");
    }

    /** A token gone bad as named: for the last two a good one, then the clock or the directory moves on. */
    private static String badToken(String bad) {
        return switch (bad) {
            case "missing" -> null;
            case "malformed" -> "not-a-jwt";
            case "signed by another emulator" -> {
                try (GraphEmulator other = EmulatorFixture.standalone(options -> options.seed(SEED))) {
                    yield new EmulatorHttp(other).token(TENANT, USER_READER.clientId(), SECRET);
                }
            }
            case "expired" -> {
                String token = GRAPH.http().token(TENANT, USER_READER.clientId(), SECRET);
                assertThat(GRAPH.http().get("/v1.0/users/" + USER, token).status()).as("before it expires").isEqualTo(200);
                CLOCK.advance(Duration.ofHours(1));
                yield token;
            }
            case "of a tenant the directory no longer has" -> {
                String token = GRAPH.http().token(TENANT, USER_READER.clientId(), SECRET);
                GRAPH.emulator().reset(Seed.sample());
                yield token;
            }
            default -> throw new IllegalArgumentException(bad);
        };
    }

    @Test
    void missingApplicationPermissionIs403AuthorizationRequestDenied() {
        String reader = GRAPH.http().token(TENANT, USER_READER.clientId(), SECRET);
        String nothing = GRAPH.http().token(TENANT, POWERLESS.clientId(), SECRET);

        EmulatorHttp.Reply patch = GRAPH.http().patch("/v1.0/users/" + USER, reader, "{\"otherMails\":[]}");
        EmulatorHttp.Reply invite = GRAPH.http().post("/v1.0/invitations", reader, "{\"invitedUserEmailAddress\":\"a@b.com\",\"inviteRedirectUrl\":\"https://myapps.microsoft.com\"}");
        EmulatorHttp.Reply roles = GRAPH.http().get("/v1.0/roleManagement/directory/roleAssignments?$filter=principalId%20eq%20'" + USER + "'", reader);
        EmulatorHttp.Reply read = GRAPH.http().get("/v1.0/users/" + USER, nothing);

        for (EmulatorHttp.Reply reply : new EmulatorHttp.Reply[] {patch, invite, roles, read}) {
            assertThat(reply.statusAndErrorCode()).isEqualTo("403 Authorization_RequestDenied");
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
