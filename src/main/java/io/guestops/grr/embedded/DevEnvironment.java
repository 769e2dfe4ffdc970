package io.guestops.grr.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.EmulatorOptions;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.budget.TenantBudgets;
import io.guestops.grr.kube.GuestOperator;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.TenantGateways;
import io.guestops.grr.model.GuestRedemptionReset;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Everything `dev` and the end-to-end tests run: the embedded Kubernetes, the Graph emulator (or a
 * real tenant), and the operator wired to both exactly as in production, through the SDK gateway
 * and the Kubernetes API. Operator replicas can be started, stopped and killed to play restarts,
 * crashes and leader failover.
 */
public final class DevEnvironment implements AutoCloseable {

    private final EmbeddedKubernetes kubernetes;
    private final GraphEmulator emulator;
    private final GraphConnection graphConnection;
    /** Whether {@link #close()} stops the emulator: false when it was already running and is shared with other clusters. */
    private final boolean ownsEmulator;
    private final List<RunningOperator> operators = new CopyOnWriteArrayList<>();

    /**
     * One operator replica with its own Kubernetes client and Graph gateways, as a separate process
     * would have. {@link #stop()} shuts it down in order; {@link #kill()} plays a crash: its
     * Kubernetes connection goes first, so whatever it was doing cannot record its outcome.
     */
    public static final class RunningOperator {
        private final KubernetesClient client;
        private final TenantGateways gateways;
        private final GuestOperator operator;

        private RunningOperator(KubernetesClient client, TenantGateways gateways, GuestOperator operator) {
            this.client = client;
            this.gateways = gateways;
            this.operator = operator;
        }

        public boolean isReady() {
            return operator.isReady();
        }

        /** The resources in this replica's informer cache (what its metrics count). */
        public Stream<GuestRedemptionReset> cachedResources() {
            return operator.cachedResources();
        }

        public void stop() {
            operator.close();
            gateways.close();
            client.close();
        }

        public void kill() {
            client.close();
            operator.close();
            gateways.close();
        }
    }

    private DevEnvironment(EmbeddedKubernetes kubernetes, GraphEmulator emulator, GraphConnection graphConnection,
                           boolean ownsEmulator) {
        this.kubernetes = kubernetes;
        this.emulator = emulator;
        this.graphConnection = graphConnection;
        this.ownsEmulator = ownsEmulator;
    }

    /** Starts the embedded Kubernetes and the Graph emulator seeded with {@code seed}; no operator yet. */
    public static DevEnvironment withEmulator(Seed seed, UnaryOperator<EmulatorOptions> emulatorOptions) {
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        GraphEmulator emulator = GraphEmulator.start(emulatorOptions.apply(EmulatorOptions.defaults().seed(seed)));
        return new DevEnvironment(kubernetes, emulator, emulatorConnection(emulator, seed), true);
    }

    /**
     * Another cluster on the same Graph side: a new embedded Kubernetes, no Leases, no resources, no
     * operator yet, with this environment's emulator (or tenant) and connection. Closing it leaves
     * the emulator to this environment.
     */
    public DevEnvironment anotherCluster() {
        return new DevEnvironment(EmbeddedKubernetes.start(), emulator, graphConnection, false);
    }

    /** Starts the embedded Kubernetes against a real tenant; no operator yet. */
    public static DevEnvironment withTenant(GraphConnection tenant) {
        return new DevEnvironment(EmbeddedKubernetes.start(), null, tenant, false);
    }

    /**
     * The connection the operator uses against the emulator: the seed's first application with a
     * secret, trusting the emulator's own certificate and nothing else.
     */
    public static GraphConnection emulatorConnection(GraphEmulator emulator, Seed seed) {
        Application app = seed.applications().stream().filter(a -> !a.secrets().isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the seed has no application with a secret for the operator"));
        return GraphConnection.builder()
                .graphEndpoint(emulator.graphEndpoint())
                .authorityHost(emulator.authorityHost())
                .tenantId(app.tenantId())
                .clientId(app.clientId())
                .clientSecret(app.secrets().get(0))
                .trustCertificate(emulator.trustedCertificate())
                .build();
    }

    /** Starts one more operator replica; with leader election in {@code settings} only the leader acts. */
    public RunningOperator startOperator(OperatorSettings settings) {
        return startOperator(settings, Instrumentation.NONE);
    }

    /** As {@link #startOperator(OperatorSettings)}, the replica and its Graph gateways watched by {@code instrumentation}. */
    public RunningOperator startOperator(OperatorSettings settings, Instrumentation instrumentation) {
        return startOperator(settings, instrumentation, budgetLimits());
    }

    /**
     * As {@link #startOperator(OperatorSettings, Instrumentation)}, the operator configured with Graph
     * limits of its own rather than the emulator's: an operator left at Graph's defaults in a tenant
     * whose real budget other applications share.
     */
    public RunningOperator startOperator(OperatorSettings settings, Instrumentation instrumentation, BudgetLimits configured) {
        KubernetesClient client = kubernetes.newClient();
        TenantBudgets budgets = new TenantBudgets(configured, Clock.systemUTC());
        TenantGateways gateways = new TenantGateways(graphConnection,
                connection -> GraphGateways.create(connection, instrumentation.graphCalls(), budgets));
        RunningOperator running = new RunningOperator(client, gateways,
                GuestOperator.start(client, gateways, settings, instrumentation));
        operators.add(running);
        return running;
    }

    /**
     * The limits the operator paces to: the emulator's, as an operator configured for its tenant
     * would be (the resource-unit limit of the smallest tenants, as the operator cannot know the size).
     */
    public BudgetLimits budgetLimits() {
        if (emulator == null) {
            return BudgetLimits.GRAPH_DEFAULTS;
        }
        ThrottleLimits limits = emulator.throttling().limits();
        return new BudgetLimits(limits.writesPer150s(), limits.ruPer10sSmallTenant());
    }

    /** Stops every replica started here, in order. */
    public void stopOperators() {
        operators.forEach(RunningOperator::stop);
        operators.clear();
    }

    public EmbeddedKubernetes kubernetes() {
        return kubernetes;
    }

    /** A client for the embedded Kubernetes, as a user would have. */
    public KubernetesClient client() {
        return kubernetes.client();
    }

    /** The emulator, or null when the environment uses a real tenant. */
    public GraphEmulator emulator() {
        return emulator;
    }

    public GraphConnection graphConnection() {
        return graphConnection;
    }

    @Override
    public void close() {
        stopOperators();
        if (emulator != null && ownsEmulator) {
            emulator.close();
        }
        kubernetes.close();
    }
}
