package io.guestops.grr.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.budget.TenantBudgets;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.guestops.grr.kube.ClusterClient;
import io.guestops.grr.kube.GuestOperator;
import io.guestops.grr.kube.KubernetesApiErrors;
import io.guestops.grr.kube.OperatorPermissions;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ProbeServer;
import io.guestops.grr.kube.TenantGateways;
import io.guestops.grr.metrics.OperatorMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** `run`: the production operator against a real cluster (kubeconfig or in-cluster). */
final class RunCommand {

    static final String USAGE = "Usage: run [options]\n" + SettingsHelp.options(SettingsTable.ROWS) + """

            Leader election: only a replica that can prove it holds the Lease (renewed less than the renew
            deadline, 10 s, ago; another replica may take it after the lease duration, 15 s) sends Graph writes.
            On SIGTERM, run starts no new pass, waits up to 10 s for those under way, then gives the Lease
            back, so a standby leads within its retry period (2 s) instead of after the lease duration.

            Before it starts, run lists the GuestRedemptionResets once (3 s to connect, no retries), then asks
            the API server (SelfSubjectAccessReview) for every permission it starts with: list and watch of what
            its informers watch, and with leader election get, create, update of Leases in the Lease's namespace.
            Exit codes: 1 any other failure; 2 a bad option;
              3 the cluster cannot be reached or refuses the operator: no answer at the address, 401 (credentials),
                403 or a permission denied (every missing one named, and where), 404 (the CRD is missing: install crds/ first)
            """;

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** How long a SIGTERM waits, past the passes' grace, for the Lease's release and the last log lines. */
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(5);

    private RunCommand() {
    }

    static int run(String[] argv) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (StartedOperator started = start(argv)) {
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                // The JVM halts when its shutdown hooks end: hold it until the operator has stopped
                // (passes under way ended, the Lease given back), bounded so a stuck stop still exits.
                awaitQuietly(stopped, GuestOperator.IN_FLIGHT_GRACE.plus(RELEASE_GRACE));
            }, "graceful-stop"));
            stop.await();
            LOG.info("Stopping: no new passes; waiting up to {} s for those under way, then giving the leader Lease back",
                    GuestOperator.IN_FLIGHT_GRACE.toSeconds());
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** Everything `run` does up to the point where it waits for the process to be stopped. */
    static StartedOperator start(String[] argv) throws Exception {
        return start(argv, UnaryOperator.identity());
    }

    /** @param adjust changes the settings the arguments gave (a test keeping its JVM alive when the Lease is lost) */
    static StartedOperator start(String[] argv, UnaryOperator<OperatorSettings> adjust) throws Exception {
        Arguments args = Arguments.parse(argv, SettingsTable.valued(), SettingsTable.switches());
        LogSetup.configure(LogFormat.of(args));
        OperatorSettings settings = adjust.apply(settings(args));
        if (!settings.policies()) {
            LOG.warn("POLICIES ARE OFF ({}): every GuestRedemptionReset in every watched namespace may reset ANY guest of the "
                    + "tenant to ANY address. Use this only where everyone who can create a GuestRedemptionReset may do that.",
                    args.flag("no-policies") ? "--no-policies" : SettingsTable.NO_POLICIES_ENV);
        }
        GraphConnection defaultConnection = args.flag("no-default-tenant") ? null : GraphOptions.connection(args);
        requireSettleWindowLongerThanARequest(settings, defaultConnection);
        int healthPort = args.intValue(SettingsTable.HEALTH_PORT.flag(), SettingsTable.DEFAULT_HEALTH_PORT, 0, 65535);
        OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
        TenantBudgets budgets = new TenantBudgets(new BudgetLimits(
                args.intValue(SettingsTable.GRAPH_WRITES.flag(), BudgetLimits.GRAPH_DEFAULTS.writesPer150s(), 1, 1_000_000),
                args.intValue(SettingsTable.GRAPH_RESOURCE_UNITS.flag(), BudgetLimits.GRAPH_DEFAULTS.ruPer10s(), 1, 10_000_000)), Clock.systemUTC());
        // Not KUBECONFIG here: the Kubernetes client reads it itself (it may list several files).
        // Every request of the operator, its informers and its leader election goes through this one client.
        KubernetesClient client = kubernetesClient(args.value(SettingsTable.KUBECONFIG.flag(), null),
                new KubernetesApiErrors(metrics.kubernetesApi()));
        StartedOperator.Parts parts = new StartedOperator.Parts();
        parts.add(client);
        try {
            requireClusterReady(client, settings, args.flag("debug"));
            return serve(client, settings, defaultConnection, healthPort, metrics, budgets, parts);
        } catch (Exception | Error e) {
            parts.closeQuietly();
            throw e;
        }
    }

    /**
     * Before the operator starts: the API server is the judge of the label-selector grammar (a
     * selector it refuses is the flag's error), and a cluster that cannot be reached or refuses the
     * operator is one line, not the informers' stack traces. --debug adds the stack trace.
     */
    private static void requireClusterReady(KubernetesClient client, OperatorSettings settings, boolean debug) {
        try {
            ClusterCheck.requireClusterReady(client, settings.namespaces(), settings.shardSelector());
            ClusterCheck.requirePermissions(client, OperatorPermissions.neededBy(settings));
        } catch (ClusterCheck.ClusterUnavailable unavailable) {
            if (debug) {
                unavailable.printStackTrace();
            }
            throw unavailable;
        }
    }

    private static StartedOperator serve(KubernetesClient client, OperatorSettings settings, GraphConnection defaultConnection,
                                         int healthPort, OperatorMetrics metrics, TenantBudgets budgets,
                                         StartedOperator.Parts parts) throws Exception {
        metrics.describeShard(settings.shardSelector(), settings.namespaces());
        TenantGateways gateways = parts.add(new TenantGateways(defaultConnection,
                connection -> GraphGateways.create(connection, metrics.instrumentation().graphCalls(), budgets)));
        GuestOperator operator = parts.add(GuestOperator.start(client, gateways, settings, metrics.instrumentation()));
        ProbeServer probes = parts.add(ProbeServer.start(healthPort, operator::isReady, metrics::scrape));
        metrics.readResourcesFrom(operator::cachedResources);
        // A log line, not a print: with --log-format json every line of `run` is JSON.
        LOG.info("guest-redemption-operator running against {}{}; {}; {}; policies {}; probes on :{} (/healthz, /readyz, /metrics)",
                client.getMasterUrl(), defaultConnection == null ? "" : "; default tenant " + defaultConnection.tenantId(),
                shardOf(settings), leaseOf(settings),
                settings.policies() ? "on (a resource acts only when a GuestRedemptionPolicy admits it)" : "OFF", probes.port());
        return new StartedOperator(parts, probes.port(), metrics::scrape);
    }

    private static void awaitQuietly(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Which resources this operator reconciles, for the start line. */
    static String shardOf(OperatorSettings settings) {
        String namespaces = settings.namespaces().isEmpty() ? "every namespace"
                : "namespaces " + String.join(",", new TreeSet<>(settings.namespaces()));
        String selector = settings.shardSelector() == null ? "every resource" : "resources selected by '" + settings.shardSelector() + "'";
        return "shard: " + selector + " in " + namespaces;
    }

    private static String leaseOf(OperatorSettings settings) {
        OperatorSettings.LeaderElection election = settings.leaderElection();
        return election == null ? "no leader election" : "Lease " + election.leaseNamespace() + "/" + election.leaseName()
                + " as " + election.identity();
    }

    /**
     * A reset the operator gave up waiting for can still be applied by Graph until its request
     * times out; re-sending it before then could reset the guest twice.
     */
    static void requireSettleWindowLongerThanARequest(OperatorSettings settings, GraphConnection connection) {
        Duration request = connection == null ? GraphConnection.DEFAULT_REQUEST_TIMEOUT : connection.requestTimeout();
        if (settings.settleWindow().compareTo(request) <= 0) {
            throw new Arguments.UsageError("--settle-window must be longer than the Graph request timeout (" + request.toSeconds()
                    + "s), got " + settings.settleWindow().toSeconds() + "s: a reset still in flight could otherwise be sent twice");
        }
    }

    /** The operator's settings from the options and the environment, as the {@link SettingsTable} reads them. */
    static OperatorSettings settings(Arguments args) {
        return SettingsTable.settings(args);
    }

    static KubernetesClient kubernetesClient(String kubeconfig) throws Exception {
        return kubernetesClient(kubeconfig, null);
    }

    /** @param interceptor sees every HTTP exchange of the client (null: none) */
    static KubernetesClient kubernetesClient(String kubeconfig, Interceptor interceptor) throws Exception {
        if (kubeconfig == null) {
            return ClusterClient.connect(Config.autoConfigure(null), interceptor);
        }
        Path file = Path.of(kubeconfig);
        if (!Files.isReadable(file)) {
            throw new Arguments.UsageError("--kubeconfig: cannot read " + kubeconfig);
        }
        return ClusterClient.connect(Config.fromKubeconfig(Files.readString(file)), interceptor);
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
