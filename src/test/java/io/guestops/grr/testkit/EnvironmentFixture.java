package io.guestops.grr.testkit;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.emulator.EmulatorOptions;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.kube.GatewayProvider;
import io.guestops.grr.kube.GuestOperator;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.TenantGateways;
import io.guestops.grr.model.GuestRedemptionReset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The embedded Kubernetes and the Graph emulator seeded as the test says, started before the
 * class's tests and stopped after them, in one of four modes: no operator (the test starts what it
 * needs), one operator, N replicas electing a leader, or one operator on a Graph gateway the test
 * builds. Register it as a static field with {@code @RegisterExtension}; all is up before the
 * class's {@code @BeforeAll} methods.
 */
public final class EnvironmentFixture extends EmbeddedKubernetesFixture {

    /** What runs on the environment once it is up. */
    private sealed interface Mode {
        void startOn(EnvironmentFixture fixture);
    }

    private record NoOperator() implements Mode {
        @Override
        public void startOn(EnvironmentFixture fixture) {
        }
    }

    private record OneOperator(OperatorSettings settings) implements Mode {
        @Override
        public void startOn(EnvironmentFixture fixture) {
            fixture.operators.add(fixture.environment.startOperator(settings));
        }
    }

    /** Replica 1 first, so that it holds the Lease before the others start: which replica leads is known. */
    private record Replicas(int count, OperatorSettings base) implements Mode {
        @Override
        public void startOn(EnvironmentFixture fixture) {
            for (int n = 1; n <= count; n++) {
                fixture.startReplica("replica-" + n, base, Instrumentation.NONE);
                if (n == 1) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> "replica-1".equals(fixture.leaseHolder(OperatorTimings.LEASE)));
                }
            }
        }
    }

    /** The operator started on gateways the test wraps around the environment's real ones. */
    private record CustomGateway(OperatorSettings settings, Function<TenantGateways, GatewayProvider> gateway) implements Mode {
        @Override
        public void startOn(EnvironmentFixture fixture) {
            TenantGateways real = new TenantGateways(fixture.environment.graphConnection(), GraphGateways::create);
            fixture.closedAfterClass(GuestOperator.start(fixture.environment.kubernetes().newClient(), gateway.apply(real), settings));
        }
    }

    private final Supplier<Seed> seed;
    private final Mode mode;
    private final UnaryOperator<EmulatorOptions> emulatorOptions;
    private final Duration watchLag;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<DevEnvironment.RunningOperator> operators = new ArrayList<>();
    private DevEnvironment environment;

    private EnvironmentFixture(Supplier<Seed> seed, Mode mode, UnaryOperator<EmulatorOptions> emulatorOptions, Duration watchLag) {
        super("operator-kubectl");
        this.seed = seed;
        this.mode = mode;
        this.emulatorOptions = emulatorOptions;
        this.watchLag = watchLag;
    }

    /** Kubernetes and the emulator only: the test starts the operators it needs on {@link #environment()}. */
    public static EnvironmentFixture withoutOperator(Supplier<Seed> seed) {
        return new EnvironmentFixture(seed, new NoOperator(), UnaryOperator.identity(), null);
    }

    /** One operator replica with these settings, running before the class's tests. */
    public static EnvironmentFixture withOperator(Supplier<Seed> seed, OperatorSettings settings) {
        return new EnvironmentFixture(seed, new OneOperator(settings), UnaryOperator.identity(), null);
    }

    /** One operator with the end-to-end timings on the examples' seed plus the guests of a test resource file. */
    public static EnvironmentFixture withOperatorOnExamplesPlus(String extraSeedResource) {
        return withOperatorOnExamplesPlus(extraSeedResource, OperatorTimings.endToEnd());
    }

    /** One operator with these settings on the examples' seed plus the guests of a test resource file. */
    public static EnvironmentFixture withOperatorOnExamplesPlus(String extraSeedResource, OperatorSettings settings) {
        return withOperator(() -> Seeds.examplesPlus(extraSeedResource), settings);
    }

    /**
     * {@code count} replicas (replica-1 .. replica-n) electing a leader on {@link OperatorTimings#LEASE};
     * replica-1 leads when the tests begin.
     */
    public static EnvironmentFixture withReplicas(Supplier<Seed> seed, int count, OperatorSettings base) {
        return new EnvironmentFixture(seed, new Replicas(count, base), UnaryOperator.identity(), null);
    }

    /** One operator whose Graph gateways are {@code gateway} applied to the environment's real ones. */
    public static EnvironmentFixture withGateway(Supplier<Seed> seed, OperatorSettings settings,
                                                 Function<TenantGateways, GatewayProvider> gateway) {
        return new EnvironmentFixture(seed, new CustomGateway(settings, gateway), UnaryOperator.identity(), null);
    }

    /** The same, the emulator started with these options on top of the seed (faults' random seed, limits). */
    public EnvironmentFixture emulatorOptions(UnaryOperator<EmulatorOptions> options) {
        return new EnvironmentFixture(seed, mode, options, watchLag);
    }

    /** The same, the embedded API server delivering each watch's events late by up to {@code lag} (before any operator starts). */
    public EnvironmentFixture lagWatches(Duration lag) {
        return new EnvironmentFixture(seed, mode, emulatorOptions, lag);
    }

    @Override
    void start() {
        environment = closedAfterClass(DevEnvironment.withEmulator(seed.get(), emulatorOptions));
        if (watchLag != null) {
            environment.kubernetes().lagWatches(watchLag);
        }
        mode.startOn(this);
    }

    public DevEnvironment environment() {
        return environment;
    }

    @Override
    public EmbeddedKubernetes kubernetes() {
        return environment.kubernetes();
    }

    public GraphEmulator emulator() {
        return environment.emulator();
    }

    /** The operator of the one-operator mode, or the first replica. */
    public DevEnvironment.RunningOperator operator() {
        return operators.get(0);
    }

    /** The replicas started so far, in start order (those the fixture started first). */
    public List<DevEnvironment.RunningOperator> replicas() {
        return List.copyOf(operators);
    }

    /** Starts one more replica electing its leader on {@link OperatorTimings#LEASE}, watched by {@code instrumentation}. */
    public DevEnvironment.RunningOperator startReplica(String identity, OperatorSettings base, Instrumentation instrumentation) {
        DevEnvironment.RunningOperator replica = environment.startOperator(
                OperatorTimings.replica(base, OperatorTimings.LEASE, identity), instrumentation);
        operators.add(replica);
        return replica;
    }

    /** The identity holding the Lease {@code lease} in "default", or null when nobody does. */
    public String leaseHolder(String lease) {
        Lease held = client().leases().inNamespace("default").withName(lease).get();
        return held == null || held.getSpec() == null ? null : held.getSpec().getHolderIdentity();
    }

    /** Creates the GuestRedemptionReset of an examples/ file, as {@code kubectl create -f examples/<file>} would. */
    public GuestRedemptionReset createExample(String file) {
        KubernetesClient client = client();
        try (InputStream in = Files.newInputStream(Seeds.EXAMPLES.resolve(file))) {
            return client.resource(client.resources(GuestRedemptionReset.class).load(in).item()).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a kubeconfig for the embedded API server, for the CLI and kubectl under test. */
    public Path writeKubeconfig(Path file) {
        return environment.kubernetes().writeKubeconfig(file);
    }

    /** An admin's change of a guest's addresses in the portal: a PATCH with the operator's own connection. */
    public void changeAsAdmin(String userId, EmailUpdate update) {
        try (SdkGraphGateway admin = GraphGateways.create(environment.graphConnection())) {
            if (!admin.updateEmails(userId, update).isSuccess()) {
                throw new AssertionError("the admin's PATCH of " + userId + " failed");
            }
        }
    }

    /** Waits until the guest's mail is {@code email} and otherMails lists it again (a drift repaired). */
    public void awaitAddressesRepaired(String userId, String email) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            DirectoryUser user = emulator().directory().user(userId).orElseThrow();
            return email.equals(user.mail()) && user.otherMails().contains(email);
        });
    }

    /**
     * A second cluster on this fixture's emulator (one tenant, two clusters): a new embedded
     * Kubernetes with no Leases and no resources, its own operator with {@code settings}, and
     * kubectl against it. The test closes it; the emulator stays the fixture's.
     */
    public OtherCluster anotherCluster(OperatorSettings settings) {
        DevEnvironment other = environment.anotherCluster();
        try {
            DevEnvironment.RunningOperator otherOperator = other.startOperator(settings);
            Kubectl otherKubectl = kubectlFolder().kubectlFor(other.kubernetes());
            return new OtherCluster(other, otherOperator, otherKubectl);
        } catch (RuntimeException e) {
            other.close();
            throw e;
        }
    }

    /**
     * A second, empty cluster on this fixture's emulator with no operator yet, for a test that
     * prepares it (a policy, say) before it starts one. The test closes it; the emulator stays.
     */
    public DevEnvironment anotherClusterWithoutOperator() {
        return environment.anotherCluster();
    }

    /** A cluster of {@link #anotherCluster}: its environment (the shared emulator not its own), operator and kubectl. */
    public record OtherCluster(DevEnvironment environment, DevEnvironment.RunningOperator operator, Kubectl kubectl)
            implements AutoCloseable {

        public KubernetesClient client() {
            return environment.client();
        }

        /** Stops its operator and its Kubernetes; the emulator keeps running. */
        @Override
        public void close() {
            environment.close();
        }
    }

    /** The answer of the embedded API server to a request, as kubectl would get it. */
    public record ApiAnswer(int status, String body) {
        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    /**
     * Creates an object from raw JSON through the embedded API server's front door, with strict field
     * validation as kubectl sends it: the path every user and GitOps tool takes.
     */
    public ApiAnswer createThroughApi(String collectionPath, String json) {
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
