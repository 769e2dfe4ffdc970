package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.realcluster.RealKubernetes;
import io.guestops.grr.testkit.ChildProcess;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime jar: `run` works from it (with JSON logs that a pipeline can parse and that carry no
 * secret), and the dev-only parts are not in it.
 */
class RuntimeJarIT {

    private static final Path EXAMPLES = Seeds.EXAMPLES;

    /** For the test that runs the runtime jar's operator: a real API server, as in production, and the emulator. */
    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seeds::examples);
    private static final Pattern PROBES = Pattern.compile("probes on :(\\d+)");
    /** Loggers of the libraries held to WARN (LogSetup). */
    private static final List<String> QUIETED = List.of("com.microsoft.aad", "com.azure", "com.microsoft.kiota", "okhttp3", "io.netty",
            "reactor", "io.vertx");
    private static final Map<Path, List<String>> ENTRIES = new java.util.concurrent.ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0} is left out")
    @ValueSource(strings = {"io/guestops/grr/emulator/", "io/guestops/grr/embedded/", "io/guestops/grr/cli/DevCommand",
            "io/guestops/grr/cli/GraphEmulatorCommand", "io/guestops/grr/cli/BenchmarkCommand", "emulator/sample-seed.yaml", "io/fabric8/kubernetes/client/server/mock/",
            "io/fabric8/mockwebserver/", "io/vertx/", "org/bouncycastle/"})
    void theRuntimeJarCarriesNoDevPart(String prefix) throws IOException {
        assertThat(entries(JarProcess.RUNTIME_JAR)).noneMatch(name -> name.startsWith(prefix));
        assertThat(entries(JarProcess.FULL_JAR)).as("the full jar still has it").anyMatch(name -> name.startsWith(prefix));
    }

    @ParameterizedTest(name = "{0} says to use the full jar")
    @ValueSource(strings = {"dev", "graph-emulator", "benchmark"})
    void devCommandsAnswerWithAClearError(String command, @TempDir Path dir) throws InterruptedException {
        try (ChildProcess jar = JarProcess.start(JarProcess.RUNTIME_JAR, dir, Map.of(), command)) {
            assertThat(jar.exitCode(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(jar.stderr()).contains("'" + command + "' is not in the runtime image; use the full jar");
        }
    }

    /** What a user sees with a wrong address: one line naming it, in seconds, and the documented exit code. */
    @Test
    void runAgainstAnUnreachableClusterSaysSoInALineAndExits3(@TempDir Path dir) throws InterruptedException {
        String address = "https://127.0.0.1:" + ClusterCheckTest.closedLoopbackPort();
        Path kubeconfig = ClusterCheckTest.kubeconfig(dir, address);
        try (ChildProcess jar = JarProcess.start(JarProcess.RUNTIME_JAR, dir, Map.of(), "run", "--kubeconfig", kubeconfig.toString(),
                "--no-default-tenant", "--health-port", "0")) {
            assertThat(jar.exitCode(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(jar.stderr().lines().toList()).hasSizeBetween(1, 3).last().asString()
                    .startsWith("error: cannot reach the Kubernetes API server at " + address + ": connection refused");
        }
    }

    @Test
    void runFromTheRuntimeJarReconcilesAResourceToReadyWithJsonLogs(@TempDir Path dir) throws Exception {
        Application app = Seeds.examples().applications().get(0);
        GraphEmulator emulator = GRAPH.emulator();
        Path certificate = dir.resolve("graph.pem");
        emulator.writeCertificatePem(certificate);
        KubernetesClient client = KUBE.adminClient();
        try (ChildProcess operator = JarProcess.start(JarProcess.RUNTIME_JAR, dir, Map.of("AZURE_CLIENT_SECRET", app.secrets().get(0)),
                "run", "--kubeconfig", KUBE.kubeconfig().toString(), "--tenant-id", app.tenantId(), "--client-id", app.clientId(),
                "--graph-endpoint", emulator.graphEndpoint(), "--authority-host", emulator.authorityHost(),
                "--trust-cert", certificate.toString(), "--health-port", "0", "--no-leader-election", "--log-format", "json")) {
            int probePort = await().atMost(Duration.ofSeconds(60)).until(() -> probePort(operator), port -> port > 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> status("http://127.0.0.1:" + probePort + "/readyz") == 200);

            // `run` has policies on: the example policy admits the example (Alex, by a nested group).
            try (var policy = java.nio.file.Files.newInputStream(EXAMPLES.resolve("00-policy.yaml"))) {
                client.resource(client.resources(io.guestops.grr.model.GuestRedemptionPolicy.class).load(policy).item()).create();
            }
            GuestRedemptionReset resource = apply(client, EXAMPLES.resolve("01-new-email-and-identity-provider.yaml"));

            await().atMost(Duration.ofSeconds(60)).until(() -> client.resource(resource).get().getStatus() != null
                    && client.resource(resource).get().getStatus().conditionIsTrue("Ready"));
            GuestRedemptionReset ready = client.resource(resource).get();
            assertThat(ready.getStatus().getReset().getEmail()).isEqualTo(resource.getSpec().getDesiredEmail());
            assertThat(ready.getStatus().getAdmittedBy()).isEqualTo("examples");
            assertThat(emulator.directory().user(ready.getStatus().getUserId()).orElseThrow().mail())
                    .isEqualTo(resource.getSpec().getDesiredEmail());
            assertThatEveryLogLineIsJsonWithoutSecrets(operator.stderr(), app.secrets().get(0));
            assertThat(body("http://127.0.0.1:" + probePort + "/metrics")).as("the runtime jar serves /metrics")
                    .contains("grr_resets_total{confirmed_by=\"GraphResponse\"} 1.0", "grr_leader 1.0",
                            "operator_sdk_reconciliations_started_total");
        }
    }

    private static void assertThatEveryLogLineIsJsonWithoutSecrets(String log, String secret) throws IOException {
        List<String> lines = log.lines().toList();
        assertThat(lines).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.isObject()).as(line).isTrue();
            assertThat(entry.fieldNames()).toIterable().as(line).startsWith("time", "level", "logger", "thread", "message");
            String logger = entry.get("logger").asText();
            if (QUIETED.stream().anyMatch(logger::startsWith)) {
                assertThat(entry.get("level").asText()).as(line).isIn("WARN", "ERROR");
            }
            assertThat(line).doesNotContain(secret).doesNotContain("eyJ").doesNotContain("inviteRedeemUrl").doesNotContain("client_secret");
        }
        assertThat(lines).anySatisfy(line -> assertThat(json.readTree(line).get("logger").asText()).isEqualTo(RunCommand.class.getName()));
    }

    private static List<String> entries(Path jar) throws IOException {
        List<String> cached = ENTRIES.get(jar);
        if (cached == null) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                cached = zip.stream().map(ZipEntry::getName).toList();
            }
            ENTRIES.put(jar, cached);
        }
        return cached;
    }

    private static int probePort(ChildProcess operator) {
        Matcher matcher = PROBES.matcher(operator.stderr());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static GuestRedemptionReset apply(KubernetesClient client, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return client.resource(client.resources(GuestRedemptionReset.class).load(in).item()).create();
        }
    }
}
