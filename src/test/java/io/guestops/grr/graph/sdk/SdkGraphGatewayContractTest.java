package io.guestops.grr.graph.sdk;

import static io.guestops.grr.testkit.ContractApp.ISSUER;
import static io.guestops.grr.testkit.ContractApp.OPERATOR;
import static io.guestops.grr.testkit.ContractApp.OPERATOR_BY_CERTIFICATE;
import static io.guestops.grr.testkit.ContractApp.OPERATOR_BY_WORKLOAD_IDENTITY;
import static io.guestops.grr.testkit.ContractApp.POWERLESS;
import static io.guestops.grr.testkit.ContractApp.SECRET;
import static io.guestops.grr.testkit.ContractApp.SUBJECT;
import static io.guestops.grr.testkit.ContractApp.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.TestCertificates;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.RedeemLink;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.graph.gateway.UserDelta;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.ContractApp;
import io.guestops.grr.testkit.EmulatorFixture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway through the real Graph SDK and Azure Identity against the Graph emulator: tokens,
 * TLS trust, every method's happy path and every failure type. One emulator for the class; the
 * directory, journal and faults are reset before each test.
 */
class SdkGraphGatewayContractTest {

    static final String GUEST = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String ADMIN_GUEST = "aaaaaaaa-0000-0000-0000-000000000002";
    static final String QUOTED_GUEST = "aaaaaaaa-0000-0000-0000-000000000003";
    static final String ROLE_DEFINITION = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    static final TestCertificates APP_CERTIFICATE = TestCertificates.generate("grr-operator");
    /** Put back to this seed, with no faults, before every test (the nested classes' too). */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> ContractApp.addedTo(Seed.parse(seedYaml()),
            APP_CERTIFICATE.certificate(), OPERATOR, OPERATOR_BY_CERTIFICATE, OPERATOR_BY_WORKLOAD_IDENTITY, POWERLESS));

    static SdkGraphGateway gateway;
    static SdkGraphGateway certificateGateway;
    static SdkGraphGateway workloadGateway;
    static SdkGraphGateway wrongSecretGateway;
    static SdkGraphGateway powerlessGateway;
    static SdkGraphGateway impatientGateway;
    static final List<GraphResult<?>> outcomes = new ArrayList<>();

    @BeforeAll
    static void startEmulator(@TempDir Path dir) throws Exception {
        Path trustPem = dir.resolve("emulator-ca.pem");
        GRAPH.emulator().writeCertificatePem(trustPem);
        Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"), federatedToken());

        gateway = GraphGateways.create(GRAPH.connectionAs(OPERATOR).build());
        // Trusting the emulator only through the PEM file; the emulator stands in for global Graph, so tokens are for Graph's own resource.
        certificateGateway = GraphGateways.create(GraphConnection.builder()
                .graphEndpoint(GRAPH.emulator().graphEndpoint()).authorityHost(GRAPH.emulator().authorityHost())
                .tokenScope("https://graph.microsoft.com/.default").tenantId(TENANT).clientId(OPERATOR_BY_CERTIFICATE.clientId())
                .clientCertificatePem(APP_CERTIFICATE.pemWithKey()).trustCertificatesPem(trustPem).build());
        workloadGateway = GraphGateways.create(GRAPH.connectionAs(OPERATOR_BY_WORKLOAD_IDENTITY).workloadIdentity(tokenFile).build());
        wrongSecretGateway = GraphGateways.create(GRAPH.connectionAs(OPERATOR).clientSecret(SECRET + "-wrong").build());
        powerlessGateway = GraphGateways.create(GRAPH.connectionAs(POWERLESS).build());
        impatientGateway = GraphGateways.create(GRAPH.connectionAs(OPERATOR)
                .requestTimeout(SHORT_TIMEOUT).sdkRetries(GraphConnection.SdkRetries.NONE).build());
    }

    @AfterAll
    static void stopEmulator() {
        for (SdkGraphGateway g : List.of(gateway, certificateGateway, workloadGateway, wrongSecretGateway,
                powerlessGateway, impatientGateway)) {
            g.close();
        }
    }

    <T> GraphResult<T> record(GraphResult<T> outcome) {
        outcomes.add(outcome);
        return outcome;
    }

    @Nested
    class Credentials {

        @Test
        void theBearerTokenReachesTheConfiguredNonMicrosoftHost() {
            GraphResult<GuestUser> result = record(gateway.getUser(GUEST));

            assertThat(result.isSuccess()).isTrue();
            JournalEntry read = only("GET", "/v1.0/users/" + GUEST);
            assertThat(read.appId()).isEqualTo(OPERATOR.clientId());
            assertThat(read.status()).isEqualTo(200);
            assertThat(result.requestId()).isNotBlank().isEqualTo(read.requestId());
        }

        @Test
        void aClientCertificateTrustedThroughAPemFileWorks() {
            GraphResult<GuestUser> result = record(certificateGateway.getUser(GUEST));

            assertThat(result.isSuccess()).isTrue();
            assertThat(only("GET", "/v1.0/users/" + GUEST).appId()).isEqualTo(OPERATOR_BY_CERTIFICATE.clientId());
        }

        @Test
        void workloadIdentityExchangesTheFederatedTokenFile() {
            GraphResult<GuestUser> result = record(workloadGateway.getUser(GUEST));

            assertThat(result.isSuccess()).isTrue();
            assertThat(only("GET", "/v1.0/users/" + GUEST).appId()).isEqualTo(OPERATOR_BY_WORKLOAD_IDENTITY.clientId());
        }

        @Test
        void aWrongSecretIsATypedForbiddenAndNoGraphRequestIsSent() {
            GraphFailure.Forbidden failure = forbidden(record(wrongSecretGateway.getUser(GUEST)), 401, "invalid_client");

            assertThat(failure.describe()).contains("7000215").doesNotContain(SECRET);
            assertThat(graphRequests("GET", "/v1.0/users/")).isEmpty();
        }

        @Test
        void aWrongSecretOnTheResetIsForbiddenNotAmbiguous() {
            GraphResult<IssuedInvitation> result = record(wrongSecretGateway.resetRedemption(reset(GUEST, "new@fabrikam.example")));

            assertThat(result.failure()).isInstanceOf(GraphFailure.Forbidden.class);
            assertThat(graphRequests("POST", "/v1.0/invitations")).isEmpty();
        }

        @Test
        void anAppWithoutPermissionsIsForbiddenWithGraphsCode() {
            GraphFailure.Forbidden failure = forbidden(record(powerlessGateway.getUser(GUEST)), 403, "Authorization_RequestDenied");

            assertThat(failure.requestId()).isNotBlank();
        }
    }

    @Nested
    class HappyPaths {

        @Test
        void getUserReadsEveryOperatorFieldWithSelect() {
            GuestUser user = record(gateway.getUser(GUEST)).value();

            assertThat(user.id()).isEqualTo(GUEST);
            assertThat(user.mail()).isEqualTo("john@contoso.example");
            assertThat(user.otherMails()).containsExactly("john.old@contoso.example");
            assertThat(user.isGuest()).isTrue();
            assertThat(user.creationType()).isEqualTo("Invitation");
            assertThat(user.externalUserState()).isEqualTo("Accepted");
            assertThat(user.externalUserStateChangeDateTime().toInstant()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
            assertThat(user.userPrincipalName()).isEqualTo("john_contoso.example#EXT#@fabrikam.example");
            assertThat(user.identities()).extracting(GuestUser.Identity::issuer).contains("contoso.example");
            assertThat(selectOf(only("GET", "/v1.0/users/" + GUEST))).containsExactlyInAnyOrder(GuestUser.SELECT);
        }

        @Test
        void findUsersByMailEscapesQuotesAndSelects() {
            List<GuestUser> users = record(gateway.findUsersByMail("o'brien@contoso.example")).value();

            assertThat(users).extracting(GuestUser::id).containsExactly(QUOTED_GUEST);
            JournalEntry read = only("GET", "/v1.0/users?");
            assertThat(decoded(read.path())).contains("$filter=mail eq 'o''brien@contoso.example'");
            assertThat(selectOf(read)).containsExactlyInAnyOrder(GuestUser.SELECT);
        }

        @Test
        void findUsersByMailFindsNobodyAsAnEmptyList() {
            assertThat(record(gateway.findUsersByMail("nobody@nowhere.example")).value()).isEmpty();
        }

        @Test
        void otherMailsPatchSendsTheCompleteListAndLeavesMailOut() {
            List<String> complete = List.of("john.old@contoso.example", "john@newco.example");

            GraphResult<Void> result = record(gateway.updateEmails(GUEST, new EmailUpdate(null, complete)));

            assertThat(result.isSuccess()).isTrue();
            JournalEntry patch = only("PATCH", "/v1.0/users/" + GUEST);
            assertThat(patch.requestBody()).contains("\"otherMails\"").doesNotContain("\"mail\"");
            assertThat(result.requestId()).isEqualTo(patch.requestId());
            DirectoryUser after = GRAPH.emulator().directory().user(GUEST).orElseThrow();
            assertThat(after.otherMails()).containsExactlyElementsOf(complete);
            assertThat(after.mail()).isEqualTo("john@contoso.example");
        }

        @Test
        void mailPatchChangesMail() {
            GraphResult<Void> result = record(gateway.updateEmails(GUEST, new EmailUpdate("john@newco.example", null)));

            assertThat(result.isSuccess()).isTrue();
            assertThat(only("PATCH", "/v1.0/users/" + GUEST).requestBody()).doesNotContain("otherMails");
            assertThat(GRAPH.emulator().directory().user(GUEST).orElseThrow().mail()).isEqualTo("john@newco.example");
        }

        @Test
        void roleAssignmentsAreReadByPrincipal() {
            List<RoleAssignment> assignments = record(gateway.directoryRoleAssignments(ADMIN_GUEST)).value();

            assertThat(assignments).extracting(RoleAssignment::roleDefinitionId).containsExactly(ROLE_DEFINITION);
            assertThat(assignments).extracting(RoleAssignment::principalId).containsOnly(ADMIN_GUEST);
            JournalEntry read = only("GET", "/v1.0/roleManagement/directory/roleAssignments");
            assertThat(decoded(read.path())).contains("$filter=principalId eq '" + ADMIN_GUEST + "'")
                    .contains("$select=id,principalId,roleDefinitionId,directoryScopeId");
            assertThat(record(gateway.directoryRoleAssignments(GUEST)).value()).isEmpty();
        }

        @Test
        void resetIssuesOneInvitationAndKeepsNoRedeemUrl() {
            GraphResult<IssuedInvitation> result = record(gateway.resetRedemption(reset(GUEST, "john.old@contoso.example")));

            IssuedInvitation issued = result.value();
            assertThat(issued.invitedUserId()).isEqualTo(GUEST);
            assertThat(issued.id()).isNotBlank();
            assertThat(issued.status()).isNotBlank();
            JournalEntry post = only("POST", "/v1.0/invitations");
            assertThat(post.requestBody()).contains("\"resetRedemption\":true").contains(GUEST);
            assertThat(result.requestId()).isEqualTo(post.requestId());
            assertThat(GRAPH.emulator().directory().invitations()).singleElement()
                    .satisfies(i -> assertThat(i.resetRedemption()).isTrue());
            assertThat(issued.redeemLink()).isNull();
            assertThat(result.toString()).doesNotContain(GRAPH.emulator().directory().redeemUrlOf(issued.id()).orElseThrow());
        }

        @Test
        void resetAskedToKeepTheRedeemUrlKeepsExactlyTheOneGraphIssuedAndNeverPrintsIt() {
            GraphResult<IssuedInvitation> result = record(gateway.resetRedemption(
                    reset(GUEST, "john.old@contoso.example").keepingRedeemLink()));

            IssuedInvitation issued = result.value();
            String issuedLink = GRAPH.emulator().directory().redeemUrlOf(issued.id()).orElseThrow();
            assertThat(issued.redeemLink().reveal()).isEqualTo(issuedLink);
            assertThat(result.toString()).doesNotContain(issuedLink).contains("RedeemLink[redacted]");
            assertThat(only("POST", "/v1.0/invitations").requestBody()).as("the request to Graph is unchanged")
                    .doesNotContain("keepRedeemLink");
        }

        @Test
        void deltaFollowsNextLinksToADeltaLinkThenReportsRemovals() {
            List<String> ids = List.of(GUEST, ADMIN_GUEST);
            List<GuestUser> seen = new ArrayList<>();
            UserDelta page = record(gateway.usersDelta(null, ids)).value();
            seen.addAll(page.changed());
            for (int i = 0; page.nextLink() != null && i < 10; i++) {
                page = record(gateway.usersDelta(page.nextLink(), null)).value();
                seen.addAll(page.changed());
            }
            assertThat(page.deltaLink()).isNotBlank();
            assertThat(seen).extracting(GuestUser::id).containsExactlyInAnyOrderElementsOf(ids);
            JournalEntry first = graphRequests("GET", "/v1.0/users/delta").get(0);
            assertThat(decoded(first.path())).contains("id eq '" + GUEST + "'");
            assertThat(selectOf(first)).containsExactlyInAnyOrder(GuestUser.SELECT);

            GRAPH.emulator().removeUser(ADMIN_GUEST);
            UserDelta changes = record(gateway.usersDelta(page.deltaLink(), null)).value();

            assertThat(changes.removedIds()).containsExactly(ADMIN_GUEST);
        }
    }

    @Nested
    class Failures {

        @Test
        void anUnknownUserIsNotFound() {
            GraphResult<GuestUser> result = record(gateway.getUser("aaaaaaaa-0000-0000-0000-0000000000ff"));

            assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.NotFound.class, f -> {
                assertThat(f.code()).isEqualTo("Request_ResourceNotFound");
                assertThat(f.requestId()).isNotBlank();
            });
        }

        @Test
        void resetWithAnEmailNotOnTheUserIsInvalidRequestBadRequest() {
            GraphResult<IssuedInvitation> result = record(gateway.resetRedemption(reset(GUEST, "stranger@elsewhere.example")));

            assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.InvalidRequest.class, f -> {
                assertThat(f.httpStatus()).isEqualTo(400);
                assertThat(f.code()).isEqualTo("BadRequest");
                assertThat(f.message()).contains("doesn't match any emails on the user object");
                assertThat(f.requestId()).isNotBlank();
            });
            assertThat(graphRequests("POST", "/v1.0/invitations")).hasSize(1);
        }

        @Test
        void aLongThrottleOnAReadComesBackAsThrottledWithItsRetryAfter() {
            GRAPH.emulator().faults().add(FaultRule.times("/users/*", "GET", FaultKind.THROTTLE, 1).withRetryAfter(30));

            GraphResult<GuestUser> result = record(gateway.getUser(GUEST));

            assertThat(result.failure()).isEqualTo(new GraphFailure.Throttled(Duration.ofSeconds(30), result.requestId()));
            assertThat(graphRequests("GET", "/v1.0/users/" + GUEST)).hasSize(1);
        }

        @Test
        void aShortThrottleOnAReadIsRetriedByTheSdk() {
            GRAPH.emulator().faults().add(FaultRule.times("/users/*", "GET", FaultKind.THROTTLE, 1).withRetryAfter(1));

            GraphResult<GuestUser> result = record(gateway.getUser(GUEST));

            assertThat(result.isSuccess()).isTrue();
            assertThat(graphRequests("GET", "/v1.0/users/" + GUEST)).extracting(JournalEntry::status).containsExactly(429, 200);
        }

        @Test
        void aPersistent503OnAReadIsTransientOnceTheSdkRetriesAreSpent() {
            GRAPH.emulator().faults().add(FaultRule.always("/users/*", "GET", FaultKind.UNAVAILABLE));

            GraphResult<GuestUser> result = record(gateway.getUser(GUEST));

            assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.Transient.class,
                    f -> assertThat(f.httpStatus()).isEqualTo(503));
            assertThat(graphRequests("GET", "/v1.0/users/" + GUEST)).hasSize(2);
        }

        @Test
        void aPatchWhoseAnswerIsLostOnceIsResentAndSucceeds() {
            GRAPH.emulator().faults().add(FaultRule.times("/users/*", "PATCH", FaultKind.COMMIT_THEN_DROP, 1));

            GraphResult<Void> result = record(gateway.updateEmails(GUEST, new EmailUpdate(null, List.of("a@contoso.example"))));

            // OkHttp re-sends a request whose connection broke; harmless for a PATCH of complete values.
            assertThat(result.isSuccess()).isTrue();
            assertThat(graphRequests("PATCH", "/v1.0/users/" + GUEST)).extracting(JournalEntry::connectionDropped)
                    .containsExactly(true, false);
            assertThat(GRAPH.emulator().directory().user(GUEST).orElseThrow().otherMails()).containsExactly("a@contoso.example");
        }

        @Test
        void aPatchWhoseAnswerIsAlwaysLostIsTransient() {
            GRAPH.emulator().faults().add(FaultRule.always("/users/*", "PATCH", FaultKind.COMMIT_THEN_DROP));

            GraphResult<Void> result = record(gateway.updateEmails(GUEST, new EmailUpdate(null, List.of("a@contoso.example"))));

            assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.Transient.class,
                    f -> assertThat(f.httpStatus()).isZero());
        }

        @Test
        void aResetWhoseAnswerIsLostIsAmbiguousAndWasSentExactlyOnce() {
            GRAPH.emulator().faults().add(FaultRule.times("/invitations", "POST", FaultKind.COMMIT_THEN_DROP, 1));

            GraphResult<IssuedInvitation> result = record(gateway.resetRedemption(reset(GUEST, "john.old@contoso.example")));

            assertThat(result.failure()).isInstanceOf(GraphFailure.Ambiguous.class);
            assertThat(graphRequests("POST", "/v1.0/invitations")).singleElement().satisfies(post -> {
                assertThat(post.connectionDropped()).isTrue();
                assertThat(post.effective()).isTrue();
            });
            assertThat(GRAPH.emulator().directory().invitations()).hasSize(1);
        }

        @Test
        void a503OnTheResetIsAmbiguousAndNotResent() {
            GRAPH.emulator().faults().add(FaultRule.always("/invitations", "POST", FaultKind.UNAVAILABLE).withRetryAfter(1));

            GraphResult<IssuedInvitation> result = record(gateway.resetRedemption(reset(GUEST, "john.old@contoso.example")));

            assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.Ambiguous.class,
                    f -> assertThat(f.requestId()).isNotBlank());
            assertThat(graphRequests("POST", "/v1.0/invitations")).hasSize(1);
        }

        @Test
        void a429OnTheResetIsAmbiguousAndNotResent() {
            GRAPH.emulator().faults().add(FaultRule.always("/invitations", "POST", FaultKind.THROTTLE).withRetryAfter(1));

            GraphResult<IssuedInvitation> result = record(gateway.resetRedemption(reset(GUEST, "john.old@contoso.example")));

            assertThat(result.failure()).isInstanceOf(GraphFailure.Ambiguous.class);
            assertThat(graphRequests("POST", "/v1.0/invitations")).hasSize(1);
        }

        @Test
        void aResetThatTimesOutIsAmbiguous() {
            GRAPH.emulator().faults().add(FaultRule.latency("/invitations", "POST", SHORT_TIMEOUT.toMillis() + 1000));

            GraphResult<IssuedInvitation> result = record(impatientGateway.resetRedemption(reset(GUEST, "john.old@contoso.example")));

            assertThat(result.failure()).isInstanceOf(GraphFailure.Ambiguous.class);
        }

        @Test
        void aReadThatTimesOutIsTransient() {
            GRAPH.emulator().faults().add(FaultRule.latency("/users/*", "GET", SHORT_TIMEOUT.toMillis() + 1000));

            GraphResult<GuestUser> result = record(impatientGateway.getUser(GUEST));

            assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.Transient.class,
                    f -> assertThat(f.httpStatus()).isZero());
        }

        @Test
        void anUnreachableGraphIsTransientEvenForTheReset() {
            GraphConnection nowhere = GRAPH.connectionAs(OPERATOR).graphEndpoint("https://localhost:1").build();
            try (SdkGraphGateway unreachable = GraphGateways.create(nowhere)) {
                GraphResult<IssuedInvitation> result = record(unreachable.resetRedemption(reset(GUEST, "john.old@contoso.example")));

                assertThat(result.failure()).isInstanceOf(GraphFailure.Transient.class);
            }
        }
    }

    @Nested
    class NothingSecretLeaks {

        @Test
        void noOutcomeShowsTheSecretATokenOrARedeemUrl() {
            record(gateway.resetRedemption(reset(GUEST, "john.old@contoso.example")));
            record(gateway.resetRedemption(reset(GUEST, "john.old@contoso.example").keepingRedeemLink()));
            record(wrongSecretGateway.getUser(GUEST));
            GRAPH.emulator().faults().add(FaultRule.times("/invitations", "POST", FaultKind.COMMIT_THEN_DROP, 1));
            record(gateway.resetRedemption(reset(GUEST, "john.old@contoso.example").keepingRedeemLink()));

            String[] issuedLinks = GRAPH.emulator().directory().invitations().stream()
                    .map(i -> GRAPH.emulator().directory().redeemUrlOf(i.id()).orElseThrow()).toArray(String[]::new);
            assertThat(issuedLinks).hasSize(3);
            assertThat(outcomes).isNotEmpty().allSatisfy(outcome -> {
                String text = outcome.toString() + (outcome.isSuccess() ? "" : outcome.failure().describe());
                assertThat(text).doesNotContain(SECRET).doesNotContain(issuedLinks).doesNotContain("ticket", "eyJ");
            });
        }
    }

    /** The outcome's failure, held to be a Forbidden with this HTTP status and code. */
    static GraphFailure.Forbidden forbidden(GraphResult<?> outcome, int httpStatus, String code) {
        assertThat(outcome.failure()).isInstanceOf(GraphFailure.Forbidden.class);
        GraphFailure.Forbidden forbidden = (GraphFailure.Forbidden) outcome.failure();
        assertThat(forbidden.httpStatus()).isEqualTo(httpStatus);
        assertThat(forbidden.code()).isEqualTo(code);
        return forbidden;
    }

    static ResetInvitation reset(String userId, String email) {
        return new ResetInvitation(userId, email, "https://myapps.microsoft.com", false, "de-DE", null, null);
    }

    static List<JournalEntry> graphRequests(String method, String pathPrefix) {
        return GRAPH.requests(method, pathPrefix);
    }

    static JournalEntry only(String method, String pathPrefix) {
        return GRAPH.only(method, pathPrefix);
    }

    static String decoded(String path) {
        return URLDecoder.decode(path, StandardCharsets.UTF_8);
    }

    static Set<String> selectOf(JournalEntry entry) {
        String query = decoded(entry.path());
        int start = query.indexOf("$select=");
        assertThat(start).as("$select in %s", query).isNotNegative();
        String value = query.substring(start + "$select=".length()).split("&")[0];
        return Set.of(value.split(","));
    }

    static String federatedToken() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long now = Instant.now().getEpochSecond();
        String claims = base64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + SUBJECT
                + "\",\"aud\":[\"api://AzureADTokenExchange\"],\"iat\":" + now + ",\"nbf\":" + now
                + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + base64.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
    }

    static String seedYaml() {
        return """
                tenants:
                  - id: %1$s
                    defaultDomain: fabrikam.example
                    size: small
                users:
                  - id: %2$s
                    displayName: John
                    userPrincipalName: john_contoso.example#EXT#@fabrikam.example
                    mail: john@contoso.example
                    otherMails: [john.old@contoso.example]
                    userType: Guest
                    creationType: Invitation
                    externalUserState: Accepted
                    externalUserStateChangeDateTime: 2024-03-01T10:00:00Z
                    identities:
                      - signInType: federated
                        issuer: contoso.example
                  - id: %3$s
                    displayName: Admin guest
                    userPrincipalName: admin_contoso.example#EXT#@fabrikam.example
                    mail: admin@contoso.example
                    userType: Guest
                    creationType: Invitation
                    externalUserState: Accepted
                  - id: %4$s
                    displayName: O'Brien
                    userPrincipalName: obrien_contoso.example#EXT#@fabrikam.example
                    mail: o'brien@contoso.example
                    userType: Guest
                    creationType: Invitation
                    externalUserState: PendingAcceptance
                roleAssignments:
                  - principalId: %3$s
                    roleDefinitionId: %5$s
                    directoryScopeId: /
                """.formatted(TENANT, GUEST, ADMIN_GUEST, QUOTED_GUEST, ROLE_DEFINITION);
    }
}
