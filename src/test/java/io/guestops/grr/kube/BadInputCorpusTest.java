package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.GraphJournal;
import io.guestops.grr.testkit.TeeStream;
import io.guestops.grr.testkit.TestResources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (src/test/resources/bad-input/corpus.yaml): every malformed or hostile
 * resource gets the outcome its annotation states, refused at the API's door with the field
 * named, or Stalled with the named reason, and none of them makes a Graph write. The healthy
 * neighbours end Ready, and no stack trace reaches the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

    private static final String ANNOTATION = "corpus.guestops.io/";
    private static final String COLLECTION = "/apis/guestops.io/v1alpha1/namespaces/default/guestredemptionresets";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static PrintStream originalErr;

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/bad-input/users.yaml");

    /** One document of the corpus and the outcome it must get. */
    record Case(String name, String kind, String expect, String field, String note, Map<String, Object> object) {
        @Override
        public String toString() {
            return name + " (" + note + ") -> " + expect + (field == null ? "" : " " + field);
        }

        boolean refusedAtApply() {
            return expect.equals("refused");
        }

        String desiredEmail() {
            Object spec = object.get("spec");
            Object email = spec instanceof Map<?, ?> map ? map.get("desiredEmail") : null;
            return email == null ? null : email.toString();
        }
    }

    @BeforeAll
    static void createSecretsAndHealthyNeighbours() {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, LOG), true, StandardCharsets.UTF_8));
        for (Map<String, Object> secret : TestResources.yamlDocuments("/bad-input/secrets.yaml")) {
            FIXTURE.client().resource(JSON.convertValue(secret, Secret.class)).inNamespace(OperatorHarness.NAMESPACE).create();
        }
        corpus().filter(c -> c.kind().equals("healthy")).forEach(c ->
                assertThat(FIXTURE.createThroughApi(COLLECTION, json(c.object())).accepted()).as(c.name()).isTrue());
    }

    @AfterAll
    static void restoreStandardError() {
        System.setErr(originalErr);
    }

    static Stream<Case> hostileCases() {
        return corpus().filter(c -> !c.kind().equals("healthy"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCases")
    void everyCaseGetsItsOutcomeAndWritesNothing(Case hostile) {
        EnvironmentFixture.ApiAnswer answer = FIXTURE.createThroughApi(COLLECTION, json(hostile.object()));
        if (hostile.refusedAtApply()) {
            assertThat(answer.status()).as(answer.body()).isIn(400, 422);
            assertThat(answer.body()).contains(hostile.field());
        } else {
            assertThat(answer.accepted()).as(answer.body()).isTrue();
            GuestRedemptionReset settled = awaitResource(FIXTURE.client(), hostile.name(), OperatorHarness::settled);
            Condition stalled = condition(settled, "Stalled").orElseThrow();
            assertThat("Stalled/" + stalled.getReason()).isEqualTo(hostile.expect());
            assertThat(stalled.getMessage()).doesNotContain("Exception", "\tat ", "java.");
            assertThat(warningsFor(hostile.name())).as("a Warning Event for the move into Stalled")
                    .anySatisfy(event -> assertThat(event.getReason()).isEqualTo(stalled.getReason()));
        }
        if (hostile.desiredEmail() != null && !hostile.desiredEmail().isBlank()) {
            assertThat(writesMentioning(hostile.desiredEmail())).as("Graph writes for " + hostile.name()).isEmpty();
        }
    }

    @Order(2)
    @Test
    void theHealthyNeighboursEndReadyAndNoStackTraceReachedTheLog() {
        corpus().filter(c -> c.kind().equals("healthy")).forEach(healthy -> {
            GuestRedemptionReset done = awaitResource(FIXTURE.client(), healthy.name(), OperatorHarness::settled);
            assertThat(OperatorHarness.isTrue(done, "Ready")).as(healthy.name()).isTrue();
        });
        // Fabric8's notice that a watch reconnects carries the connection error's trace at INFO; the log is the
        // JVM's, so a client another test class left behind can write one here. Every other entry counts.
        List<String> entries = List.of(LOG.toString(StandardCharsets.UTF_8).split("\n(?=\\d{4}-\\d{2}-\\d{2}T)"));
        assertThat(entries).filteredOn(entry -> !entry.contains(" io.fabric8.kubernetes.client.dsl.internal.AbstractWatchManager - "))
                .noneMatch(entry -> entry.contains("\tat ") || entry.contains("Exception in thread"));
        assertThat(FIXTURE.emulator().journal()).noneMatch(JournalEntry::memberConverted);
    }

    private static List<Event> warningsFor(String name) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> FIXTURE.client().v1()
                .events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && name.equals(e.getInvolvedObject().getName())).toList(),
                events -> !events.isEmpty());
    }

    private static List<JournalEntry> writesMentioning(String email) {
        String needle = email.toLowerCase(Locale.ROOT);
        return FIXTURE.emulator().journal().stream()
                .filter(e -> !"GET".equals(e.method()) && !e.path().contains("/oauth2/") && !e.path().startsWith("/_emulator"))
                .filter(e -> !GraphJournal.isBatchEnvelope(e))
                .filter(e -> e.requestBody() != null && e.requestBody().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Stream<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (Map<String, Object> document : TestResources.yamlDocuments("/bad-input/corpus.yaml")) {
            Map<String, Object> metadata = (Map<String, Object>) document.get("metadata");
            Map<String, String> annotations = (Map<String, String>) metadata.get("annotations");
            cases.add(new Case((String) metadata.get("name"), annotations.get(ANNOTATION + "class"),
                    annotations.get(ANNOTATION + "expect"), annotations.get(ANNOTATION + "field"),
                    annotations.get(ANNOTATION + "note"), document));
        }
        return cases.stream();
    }

    private static String json(Object object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
