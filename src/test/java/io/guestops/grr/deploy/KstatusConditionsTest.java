package io.guestops.grr.deploy;

import static io.guestops.grr.testkit.Seeds.EXAMPLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statuses the operator really writes (examples/ run through the embedded default, as `dev`
 * does) held to kstatus' documented rules and to the Argo CD health check: what Flux and Argo CD
 * will say about each resource is what its example expects.
 */
class KstatusConditionsTest {


    private static final String EXPECTATION = "guestops.io/example-expects";
    private static final Map<String, Map<String, Object>> SETTLED = new ConcurrentHashMap<>();
    /** The examples run as `dev` runs them: the operator's default timings but for a 20 s settle window. */
    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withOperator(Seeds::examples,
            OperatorSettings.builder().settleWindow(Duration.ofSeconds(20)).backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).build());

    @BeforeAll
    static void runTheExamples() throws IOException {
        KubernetesClient client = DEV.client();
        for (Path file : exampleFiles()) {
            DEV.createExample(file.getFileName().toString());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> client.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems()
                .stream().allMatch(GuestRedemptionReset::hasSettled));
        for (GuestRedemptionReset resource : client.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems()) {
            SETTLED.put(resource.getMetadata().getName(), asJson(client, resource));
        }
    }

    static Stream<Arguments> examples() throws IOException {
        return exampleFiles().stream().map(file -> {
            Map<String, Object> example = new org.yaml.snakeyaml.Yaml().load(read(file));
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) example.get("metadata");
            @SuppressWarnings("unchecked")
            String expected = ((Map<String, String>) metadata.get("annotations")).get(EXPECTATION);
            return Arguments.of(metadata.get("name"), expected.startsWith("Stalled") ? Kstatus.Status.FAILED : Kstatus.Status.CURRENT,
                    expected.startsWith("Stalled") ? "Degraded" : "Healthy");
        });
    }

    @ParameterizedTest(name = "{0}: kstatus {1}, Argo CD {2}")
    @MethodSource("examples")
    void fluxAndArgoCdReadTheSettledStatusAsTheExampleExpects(String name, Kstatus.Status kstatus, String argoHealth) {
        Map<String, Object> resource = SETTLED.get(name);

        assertThat(Kstatus.of(resource)).isEqualTo(kstatus);
        assertThat(ArgoCdHealth.of(resource).status()).isEqualTo(argoHealth);
    }

    @ParameterizedTest(name = "{0}: a spec edit not yet observed is in progress")
    @MethodSource("examples")
    void aNewerGenerationIsInProgressUntilTheOperatorObservesIt(String name, Kstatus.Status settled, String argoHealth) {
        Map<String, Object> edited = withGeneration(SETTLED.get(name), generation(SETTLED.get(name)) + 1);

        assertThat(Kstatus.of(edited)).isEqualTo(Kstatus.Status.IN_PROGRESS);
        assertThat(ArgoCdHealth.of(edited).status()).isEqualTo("Progressing");
    }

    @ParameterizedTest(name = "{0}: conditions follow metav1.Condition and kstatus")
    @MethodSource("examples")
    void theConditionsAreWellFormed(String name, Kstatus.Status settled, String argoHealth) {
        Map<String, Object> resource = SETTLED.get(name);
        Map<String, Object> status = map(resource.get("status"));
        List<Map<String, Object>> conditions = conditions(status);
        long generation = generation(resource);

        assertThat(((Number) status.get("observedGeneration")).longValue()).isEqualTo(generation);
        assertThat(conditions).extracting(c -> c.get("type")).contains("Ready", "Reconciling", "Stalled");
        for (Map<String, Object> condition : conditions) {
            assertThat(condition.get("status")).as("status of %s", condition.get("type")).isIn("True", "False", "Unknown");
            assertThat((String) condition.get("reason")).as("reason of %s", condition.get("type")).matches("[A-Z][A-Za-z0-9]*");
            assertThat(Instant.parse((String) condition.get("lastTransitionTime"))).isBefore(Instant.now().plusSeconds(1));
            assertThat(((Number) condition.get("observedGeneration")).longValue()).isEqualTo(generation);
        }
        boolean reconciling = isTrue(conditions, "Reconciling");
        boolean stalled = isTrue(conditions, "Stalled");
        assertThat(reconciling && stalled).as("Reconciling and Stalled both True").isFalse();
        assertThat(isTrue(conditions, "Ready")).as("Ready=True exactly when neither Reconciling nor Stalled").isEqualTo(!reconciling && !stalled);
    }

    private static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            // The example policy is not a GuestRedemptionReset; this test runs the operator without policies.
            return files.filter(f -> f.toString().endsWith(".yaml") && !read(f).contains("kind: GuestRedemptionPolicy")).sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asJson(KubernetesClient client, GuestRedemptionReset resource) {
        return client.getKubernetesSerialization().convertValue(resource, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> status) {
        return (List<Map<String, Object>>) status.get("conditions");
    }

    private static boolean isTrue(List<Map<String, Object>> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    }

    private static long generation(Map<String, Object> resource) {
        return ((Number) map(resource.get("metadata")).get("generation")).longValue();
    }

    private static Map<String, Object> withGeneration(Map<String, Object> resource, long generation) {
        Map<String, Object> copy = new HashMap<>(resource);
        Map<String, Object> metadata = new HashMap<>(map(resource.get("metadata")));
        metadata.put("generation", generation);
        copy.put("metadata", metadata);
        return copy;
    }
}
