package io.guestops.grr.graph;

import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_APP;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_SECRET;
import static io.guestops.grr.testkit.EmulatorHttp.READER_APP;
import static io.guestops.grr.testkit.EmulatorHttp.READER_SECRET;
import static io.guestops.grr.testkit.EmulatorHttp.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.tls.SelfSignedCertificate;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.graph.budget.TenantBudget;
import io.guestops.grr.graph.budget.TenantBudgets;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.ResetRequestNote;
import io.guestops.grr.graph.sdk.GraphRoutes;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Entra copy of the reset ledger through the real Graph SDK against the emulator: one open
 * extension per reset request on the guest, as Microsoft's pages describe them ("Create open
 * extension", "Get open extension", "Update open extension", "Delete open extension", "Add custom
 * data to users using open extensions", and the limits in "Add custom data to resources using
 * extensions").
 */
class ResetNotesContractTest {
    // The sample seed's tenant, its operator application (User.ReadWrite.All), its read-only auditor
    // (User.Read.All) and John, a guest: EmulatorHttp's names for them.
    static final String NOBODY = "22222222-0000-0000-0000-000000000000";
    static final String EXTENSIONS = "/v1.0/users/" + JOHN + "/extensions";
    static final BudgetLimits LIMITS = new BudgetLimits(3_000, 3_500);

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSeed(Seed::sample);

    static SdkGraphGateway gateway;
    static SdkGraphGateway readerGateway;
    static SdkGraphGateway meteredGateway;
    static final List<String> EXCHANGES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        gateway = GraphGateways.create(FIXTURE.connectionAs(TENANT, OPERATOR_APP).clientSecret(OPERATOR_SECRET).build());
        readerGateway = GraphGateways.create(FIXTURE.connectionAs(TENANT, READER_APP).clientSecret(READER_SECRET).build());
        // A clock that stands still: the budget refills nothing, so what it was charged can be read off.
        Clock frozen = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        meteredGateway = GraphGateways.create(FIXTURE.connectionAs(TENANT, OPERATOR_APP).clientSecret(OPERATOR_SECRET).build(), new GraphCallListener() {
            @Override
            public void exchanged(String route, String method, String outcome) {
                EXCHANGES.add(method + " " + route + " " + outcome);
            }

            @Override
            public void askedToWait(Duration wait) {
            }
        }, new TenantBudgets(LIMITS, frozen));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        readerGateway.close();
        meteredGateway.close();
    }

    static ResetRequestNote note(String email, String request, int attempts) {
        return new ResetRequestNote(email, request, "2026-06-01T10:00:0" + attempts + "Z", "2024-03-01T10:00:00Z",
                "team-a/john", attempts);
    }

    @Test
    @DisplayName("Create open extension, then list the user's extensions (extensibility-open-users): the note reads back equal")
    void aCreatedNoteReadsBackEqual() {
        ResetRequestNote note = note("john@newco.example", "ticket-42", 1);

        GraphResult<Boolean> created = gateway.createResetNote(JOHN, note);
        GraphResult<List<ResetRequestNote>> read = gateway.readResetNotes(JOHN);

        assertThat(created.value()).isTrue();
        assertThat(read.value()).containsExactly(note);
        JournalEntry post = FIXTURE.only("POST", EXTENSIONS);
        assertThat(post.status()).isEqualTo(201);
        assertThat(post.effective()).isTrue();
        assertThat(post.requestBody()).contains("\"extensionName\":\"" + note.extensionName() + "\"")
                .contains("\"@odata.type\":\"#microsoft.graph.openTypeExtension\"");
        assertThat(created.requestId()).isEqualTo(post.requestId());
        assertThat(read.requestId()).isEqualTo(FIXTURE.only("GET", EXTENSIONS).requestId());
        assertThat(FIXTURE.emulator().directory().extensionsOf(JOHN)).singleElement()
                .satisfies(e -> assertThat(e.creatorAppId()).isEqualTo(OPERATOR_APP));
    }

    @Test
    @DisplayName("Create open extension on an existing name: Graph's 409 is success(false), sent once, and the first note stays")
    void aSecondNoteOfTheSameRequestIsFalseAndTheFirstStays() {
        ResetRequestNote first = note("john@newco.example", "ticket-42", 1);
        ResetRequestNote second = new ResetRequestNote("John@NewCo.example", "ticket-42", "2026-06-01T11:00:00Z",
                "2024-03-01T10:00:00Z", "team-b/john", 1);

        gateway.createResetNote(JOHN, first);
        GraphResult<Boolean> again = gateway.createResetNote(JOHN, second);

        assertThat(second.extensionName()).isEqualTo(first.extensionName());
        assertThat(again.value()).isFalse();
        assertThat(again.requestId()).isNotBlank();
        assertThat(FIXTURE.requests("POST", EXTENSIONS)).extracting(JournalEntry::status).containsExactly(201, 409);
        assertThat(gateway.readResetNotes(JOHN).value()).containsExactly(first);
    }

    @Test
    @DisplayName("Update open extension (PATCH with every property, 204): the note reads back as updated")
    void anUpdatedNoteReadsBackUpdated() {
        gateway.createResetNote(JOHN, note("john@newco.example", "ticket-42", 1));
        ResetRequestNote resent = note("john@newco.example", "ticket-42", 2);

        GraphResult<Void> updated = gateway.updateResetNote(JOHN, resent);

        assertThat(updated.isSuccess()).isTrue();
        assertThat(gateway.readResetNotes(JOHN).value()).containsExactly(resent);
        JournalEntry patch = FIXTURE.only("PATCH", EXTENSIONS + "/" + resent.extensionName());
        assertThat(patch.status()).isEqualTo(204);
        assertThat(patch.requestBody()).contains("\"attempts\":2");
    }

    @Test
    @DisplayName("Delete open extension: 204, the note is gone; deleting it again is NotFound")
    void aDeletedNoteIsGone() {
        ResetRequestNote note = note("john@newco.example", "ticket-42", 1);
        gateway.createResetNote(JOHN, note);

        GraphResult<Void> deleted = gateway.deleteResetNote(JOHN, note.extensionName());
        GraphResult<Void> again = gateway.deleteResetNote(JOHN, note.extensionName());

        assertThat(deleted.isSuccess()).isTrue();
        assertThat(again.failure()).isInstanceOf(GraphFailure.NotFound.class);
        assertThat(gateway.readResetNotes(JOHN).value()).isEmpty();
        assertThat(FIXTURE.requests("DELETE", EXTENSIONS)).extracting(JournalEntry::status).containsExactly(204, 404);
    }

    @Test
    @DisplayName("The extensions navigation property holds other applications' open extensions too: only the operator's prefix is read")
    void otherExtensionsAreIgnored() {
        createByHand("{\"@odata.type\":\"microsoft.graph.openTypeExtension\",\"extensionName\":\"com.contoso.roamingSettings\",\"theme\":\"dark\"}");
        ResetRequestNote note = note("john@newco.example", "", 1);
        gateway.createResetNote(JOHN, note);

        assertThat(gateway.readResetNotes(JOHN).value()).containsExactly(note);
        assertThatThrownBy(() -> gateway.deleteResetNote(JOHN, "com.contoso.roamingSettings"))
                .as("never another application's extension").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Open extensions are untyped: a note with missing fields and a count written as text still reads")
    void notesWrittenElsewhereAreReadTolerantly() {
        createByHand("{\"@odata.type\":\"microsoft.graph.openTypeExtension\",\"extensionName\":\""
                + ResetRequestNote.EXTENSION_PREFIX + "byhand\",\"email\":\"john@newco.example\",\"attempts\":\"3\"}");

        assertThat(gateway.readResetNotes(JOHN).value()).containsExactly(
                new ResetRequestNote("john@newco.example", null, null, null, null, 3));
    }

    @Test
    @DisplayName("Permissions (application): reading needs User.Read.All, writing User.ReadWrite.All")
    void withoutUserReadWriteAllNotesAreReadButNotWritten() {
        ResetRequestNote note = note("john@newco.example", "ticket-42", 1);
        gateway.createResetNote(JOHN, note);

        List<GraphResult<?>> writes = List.of(readerGateway.createResetNote(JOHN, note("john@other.example", "", 1)),
                readerGateway.updateResetNote(JOHN, note), readerGateway.deleteResetNote(JOHN, note.extensionName()));

        assertThat(readerGateway.readResetNotes(JOHN).value()).containsExactly(note);
        assertThat(writes).allSatisfy(result -> assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.Forbidden.class, f -> {
            assertThat(f.httpStatus()).isEqualTo(403);
            assertThat(f.code()).isEqualTo("Authorization_RequestDenied");
        }));
        assertThat(gateway.readResetNotes(JOHN).value()).containsExactly(note);
    }

    @Test
    @DisplayName("An unknown user: 404 Request_ResourceNotFound for every call")
    void anUnknownUserIsNotFound() {
        ResetRequestNote note = note("john@newco.example", "ticket-42", 1);
        List<GraphResult<?>> results = List.of(gateway.readResetNotes(NOBODY), gateway.createResetNote(NOBODY, note),
                gateway.updateResetNote(NOBODY, note), gateway.deleteResetNote(NOBODY, note.extensionName()));

        assertThat(results).allSatisfy(result -> assertThat(result.failure()).isInstanceOfSatisfying(GraphFailure.NotFound.class,
                f -> assertThat(f.code()).isEqualTo("Request_ResourceNotFound")));
    }

    @Test
    @DisplayName("extensibility-overview limits: the longest legal note fits in 2 KB; a larger one is refused, nothing stored")
    void theLongestLegalNoteFitsAndALargerOneIsRefused() {
        String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(53) + ".example";
        ResetRequestNote longest = new ResetRequestNote(email, "r".repeat(253), "2026-06-01T10:00:00.123456789Z",
                "2024-03-01T10:00:00.123456789Z", "n".repeat(63) + "/" + "m".repeat(253), Integer.MAX_VALUE);
        ResetRequestNote oversized = new ResetRequestNote("john@newco.example", "x".repeat(2_000), null, null, null, 1);

        GraphResult<Boolean> fits = gateway.createResetNote(JOHN, longest);
        GraphResult<Boolean> refused = gateway.createResetNote(JOHN, oversized);

        assertThat(email).hasSize(254);
        assertThat(fits.value()).isTrue();
        assertThat(gateway.readResetNotes(JOHN).value()).containsExactly(longest);
        assertThat(refused.failure()).isInstanceOfSatisfying(GraphFailure.InvalidRequest.class,
                f -> assertThat(f.httpStatus()).isEqualTo(400));
        assertThat(FIXTURE.emulator().directory().extensionsOf(JOHN)).hasSize(1);
    }

    @Test
    @DisplayName("extensibility-overview limits: two open extensions per creator app per user, so a third note is refused")
    void aThirdNoteOnOneGuestIsRefusedByGraphsLimit() {
        gateway.createResetNote(JOHN, note("one@newco.example", "", 1));
        gateway.createResetNote(JOHN, note("two@newco.example", "", 1));

        GraphResult<Boolean> third = gateway.createResetNote(JOHN, note("three@newco.example", "", 1));

        assertThat(third.failure()).isInstanceOf(GraphFailure.InvalidRequest.class);
        assertThat(gateway.readResetNotes(JOHN).value()).hasSize(2);
    }

    @Test
    @DisplayName("A 503 on the create is Ambiguous and the POST is not re-sent (the SDK's RetryHandler is told no)")
    void a503OnTheCreateIsAmbiguousAndNotResent() {
        FIXTURE.emulator().faults().add(FaultRule.always("/users/*/extensions", "POST", FaultKind.UNAVAILABLE).withRetryAfter(1));

        GraphResult<Boolean> result = gateway.createResetNote(JOHN, note("john@newco.example", "ticket-42", 1));

        assertThat(result.failure()).isInstanceOf(GraphFailure.Ambiguous.class);
        assertThat(FIXTURE.requests("POST", EXTENSIONS)).hasSize(1);
    }

    @Test
    @DisplayName("A create whose answer is lost is Ambiguous, sent once (a re-sent copy would meet a 409 of its own making)")
    void aCreateWhoseAnswerIsLostIsAmbiguousAndSentOnce() {
        FIXTURE.emulator().faults().add(FaultRule.times("/users/*/extensions", "POST", FaultKind.COMMIT_THEN_DROP, 1));
        ResetRequestNote note = note("john@newco.example", "ticket-42", 1);

        GraphResult<Boolean> result = gateway.createResetNote(JOHN, note);

        assertThat(result.failure()).isInstanceOf(GraphFailure.Ambiguous.class);
        assertThat(FIXTURE.requests("POST", EXTENSIONS)).singleElement()
                .satisfies(post -> assertThat(post.connectionDropped()).isTrue());
        assertThat(gateway.readResetNotes(JOHN).value()).as("the write took effect").containsExactly(note);
    }

    @Test
    @DisplayName("Throttling limits for identity and access: each write is 1 write + 1 resource unit, the read 1 unit, each on its route")
    void everyCallIsChargedToTheBudgetAndLabelledByItsRoute() {
        TenantBudget budget = (TenantBudget) meteredGateway.budget();
        ResetRequestNote note = note("john@newco.example", "ticket-42", 1);
        double writesBefore = budget.writesLeft();
        double unitsBefore = budget.resourceUnitsLeft();
        EXCHANGES.clear();

        meteredGateway.createResetNote(JOHN, note);
        meteredGateway.createResetNote(JOHN, note);
        meteredGateway.readResetNotes(JOHN);
        meteredGateway.updateResetNote(JOHN, note);
        meteredGateway.deleteResetNote(JOHN, note.extensionName());

        assertThat(writesBefore - budget.writesLeft()).isEqualTo(4.0);
        assertThat(unitsBefore - budget.resourceUnitsLeft()).isEqualTo(5.0);
        assertThat(EXCHANGES).filteredOn(exchange -> !exchange.contains(GraphRoutes.TOKEN)).containsExactly(
                "POST /users/{id}/extensions 2xx",
                "POST /users/{id}/extensions 409",
                "GET /users/{id}/extensions 2xx",
                "PATCH /users/{id}/extensions/{name} 2xx",
                "DELETE /users/{id}/extensions/{name} 2xx");
    }

    /** An open extension written by someone else, straight over HTTPS with the application's own token. */
    static void createByHand(String body) {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(SelfSignedCertificate.trustingOnly(List.of(FIXTURE.emulator().trustedCertificate()))).build();
        String form = "grant_type=client_credentials&client_id=" + OPERATOR_APP + "&client_secret=" + encoded(OPERATOR_SECRET)
                + "&scope=" + encoded("https://graph.microsoft.com/.default");
        String tokenAnswer = send(client, HttpRequest.newBuilder(URI.create(FIXTURE.emulator().authorityHost() + "/" + TENANT + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))).body();
        String token = tokenAnswer.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpResponse<String> created = send(client, HttpRequest.newBuilder(URI.create(FIXTURE.emulator().graphEndpoint() + EXTENSIONS))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
