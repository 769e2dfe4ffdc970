package io.guestops.grr.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.emulator.EmulatorOptions;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The end-to-end tests' one fixture: the embedded Kubernetes, the Graph emulator seeded as the
 * test says, and one operator replica, started before the class's tests and stopped after them.
 * Register it as a static field with {@code @RegisterExtension}.
 */
final class OperatorFixture implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<Seed> seed;
    private final UnaryOperator<EmulatorOptions> emulatorOptions;
    private final OperatorSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DevEnvironment environment;
    private DevEnvironment.RunningOperator operator;
    private Path kubectlDir;
    private Kubectl kubectl;

    private OperatorFixture(Supplier<Seed> seed, UnaryOperator<EmulatorOptions> emulatorOptions, OperatorSettings settings) {
        this.seed = seed;
        this.emulatorOptions = emulatorOptions;
        this.settings = settings;
    }

    /** The examples' seed plus the users of a test resource file, the operator with the test timings. */
    static OperatorFixture withExamplesSeedPlus(String extraSeedResource) {
        return new OperatorFixture(() -> OperatorHarness.examplesSeedPlus(extraSeedResource), UnaryOperator.identity(),
                OperatorHarness.testSettings());
    }

    /** Any seed, emulator options and operator settings. */
    static OperatorFixture of(Supplier<Seed> seed, UnaryOperator<EmulatorOptions> emulatorOptions, OperatorSettings settings) {
        return new OperatorFixture(seed, emulatorOptions, settings);
    }

    /** The examples' seed plus the users of a test resource file, the operator with these settings. */
    static OperatorFixture withExamplesSeedPlus(String extraSeedResource, OperatorSettings settings) {
        return new OperatorFixture(() -> OperatorHarness.examplesSeedPlus(extraSeedResource), UnaryOperator.identity(), settings);
    }

    /** A seed built by the test, the operator with these settings. */
    static OperatorFixture withSeed(Supplier<Seed> seed, OperatorSettings settings) {
        return new OperatorFixture(seed, UnaryOperator.identity(), settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        environment = DevEnvironment.withEmulator(seed.get(), emulatorOptions);
        operator = environment.startOperator(settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (environment != null) {
            environment.close();
        }
        if (kubectlDir != null) {
            try (Stream<Path> files = Files.walk(kubectlDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The real kubectl against the embedded API server (its own kubeconfig and discovery cache, in a
     * folder removed after the class); {@link #kubectlDir()} is the place for the manifests a test applies.
     */
    synchronized Kubectl kubectl() {
        if (kubectl == null) {
            try {
                kubectlDir = Files.createTempDirectory("operator-kubectl");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            kubectl = new Kubectl(environment.kubernetes().writeKubeconfig(kubectlDir.resolve("kubeconfig")), kubectlDir);
        }
        return kubectl;
    }

    /** The folder of {@link #kubectl()}, for manifest files. */
    Path kubectlDir() {
        kubectl();
        return kubectlDir;
    }

    /** The Fabric8 client of the embedded Kubernetes (it reaches the store directly, past the API front). */
    KubernetesClient client() {
        return environment.client();
    }

    GraphEmulator emulator() {
        return environment.emulator();
    }

    DevEnvironment.RunningOperator operator() {
        return operator;
    }

    /** An admin's change of a guest's addresses in the portal: a PATCH with the operator's own connection. */
    void changeAsAdmin(String userId, EmailUpdate update) {
        try (SdkGraphGateway admin = GraphGateways.create(environment().graphConnection())) {
            if (!admin.updateEmails(userId, update).isSuccess()) {
                throw new AssertionError("the admin's PATCH of " + userId + " failed");
            }
        }
    }

    /** Waits until the guest's mail is {@code email} and otherMails lists it again (a drift repaired). */
    void awaitAddressesRepaired(String userId, String email) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            DirectoryUser user = emulator().directory().user(userId).orElseThrow();
            return email.equals(user.mail()) && user.otherMails().contains(email);
        });
    }

    DevEnvironment environment() {
        return environment;
    }

    /**
     * A second cluster on this fixture's emulator (one tenant, two clusters): a new embedded
     * Kubernetes with no Leases and no resources, its own operator with {@code settings}, and
     * kubectl against it. The test closes it; the emulator stays the fixture's.
     */
    OtherCluster anotherCluster(OperatorSettings settings) {
        DevEnvironment other = environment.anotherCluster();
        try {
            DevEnvironment.RunningOperator otherOperator = other.startOperator(settings);
            Path kubeconfig = other.kubernetes().writeKubeconfig(Files.createTempFile(kubectlDir(), "kubeconfig-other", ""));
            return new OtherCluster(other, otherOperator, new Kubectl(kubeconfig, kubectlDir()));
        } catch (IOException | RuntimeException e) {
            other.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A cluster of {@link #anotherCluster}: its environment (the shared emulator not its own), operator and kubectl. */
    record OtherCluster(DevEnvironment environment, DevEnvironment.RunningOperator operator, Kubectl kubectl)
            implements AutoCloseable {

        KubernetesClient client() {
            return environment.client();
        }

        /** Stops its operator and its Kubernetes; the emulator keeps running. */
        @Override
        public void close() {
            environment.close();
        }
    }

    /** The answer of the embedded API server to a request, as kubectl would get it. */
    record ApiAnswer(int status, String body) {
        boolean accepted() {
            return status / 100 == 2;
        }
    }

    /**
     * Creates an object from raw JSON through the embedded API server's front door, with strict field
     * validation as kubectl sends it: the path every user and GitOps tool takes.
     */
    ApiAnswer createThroughApi(String collectionPath, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(environment.kubernetes().apiServerUrl() + collectionPath
                        + "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiAnswer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
