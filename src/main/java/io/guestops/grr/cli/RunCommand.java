package io.guestops.grr.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.guestops.grr.graph.BudgetLimits;
import io.guestops.grr.graph.GraphConnection;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.TenantBudgets;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.guestops.grr.kube.GuestOperator;
import io.guestops.grr.kube.KubernetesApiErrors;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ProbeServer;
import io.guestops.grr.kube.TenantGateways;
import io.guestops.grr.metrics.OperatorMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** `run`: the production operator against a real cluster (kubeconfig or in-cluster). */
final class RunCommand {

    static final String USAGE = """
            Usage: run [options]
              --kubeconfig FILE         cluster to use (default: KUBECONFIG, ~/.kube/config, or in-cluster)
              --namespaces A,B          namespaces to watch (env WATCH_NAMESPACES; default all); a namespace shard
              --shard-selector SELECTOR reconcile only the GuestRedemptionResets this label selector selects
                                        (env SHARD_SELECTOR; e.g. guestops.io/shard=a, 'shard in (a,b)', '!shard');
                                        one Deployment per shard, each with its own --lease-name
              --tenant-id ID            default tenant (env AZURE_TENANT_ID)
              --client-id ID            default application (env AZURE_CLIENT_ID)
                                        credential: env AZURE_CLIENT_SECRET, or --client-certificate PEM
                                        (env AZURE_CLIENT_CERTIFICATE_PATH), or workload identity
                                        (env AZURE_FEDERATED_TOKEN_FILE), else Azure's default chain
              --graph-endpoint URL      Graph root (env GRAPH_ENDPOINT; default https://graph.microsoft.com)
              --authority-host URL      token authority (env AZURE_AUTHORITY_HOST; default https://login.microsoftonline.com)
              --trust-cert PEM          extra certificate to trust for Graph and the authority (env GRAPH_TRUST_CERT)
              --no-default-tenant       every resource must name its connection
              --no-policies             act without GuestRedemptionPolicies (env GRR_NO_POLICIES=true): every
                                        resource may reset any guest; only for single-team clusters
              --entra-ledger-copy       also note each reset request on the guest in Entra ID (env
                                        ENTRA_LEDGER_COPY=true): a rebuilt cluster, or a second cluster on the
                                        same tenant, then resets nobody again; one more Graph write per reset
              --no-leader-election      act without holding the Lease (one replica only!)
              --lease-name NAME         Lease for leader election (env LEASE_NAME; default guest-redemption-operator;
                                        required with --shard-selector or --namespaces)
              --lease-namespace NS      its namespace (env POD_NAMESPACE; default default)
              --identity NAME           this replica's name in the Lease (env POD_NAME; default the host name)
              --settle-window DURATION  wait before re-sending an unanswered reset (default 2m)
              --resync DURATION         how often a settled resource is looked at again (default 30m); it
                                        reads Graph then only when the drift watch cannot vouch for its guest
              --drift-poll DURATION     how often each tenant's Graph delta query is followed to find drift
                                        of settled guests (default 5m; 0s turns the watch off)
              --threads N               reconcile threads (default 32); how many passes are in Graph at once
                                        is adapted per tenant, below this
              --graph-writes-per-150s N Graph's write limit per application and tenant, which the operator
                                        paces to (default 3000)
              --graph-ru-per-10s N      Graph's resource-unit limit per application and tenant (default 3500,
                                        Graph's for tenants under 50 users; 5000 up to 500, 8000 above)
              --health-port N           /healthz, /readyz and /metrics (default 8080; 0 picks a free port)
              --log-format text|json    log lines for people (default) or one JSON object per line
              --debug                   with a failed start, also print the stack trace

            Before it starts, run lists the GuestRedemptionResets once (3 s to connect, no retries).
            Exit codes: 1 any other failure; 2 a bad option;
              3 the cluster cannot be reached or refuses the operator: no answer at the address, 401 (credentials),
                403 (a permission is missing: named; with leader election also get, create, update of Leases in
                the Lease's namespace), 404 (the CRD is missing: install crds/ first)
            """;

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    private static final Set<String> VALUED = union(GraphOptions.VALUED, Set.of("kubeconfig", "namespaces", "shard-selector", "lease-name",
            "lease-namespace", "identity", "settle-window", "resync", "drift-poll", "threads", "health-port", LogFormat.OPTION,
            "graph-writes-per-150s", "graph-ru-per-10s"));
    private static final Set<String> FLAGS = Set.of("no-default-tenant", "no-leader-election", "no-policies", "entra-ledger-copy",
            "debug");

    static final String DEFAULT_LEASE_NAME = "guest-redemption-operator";

    /** The environment's way to say --no-policies (for a Deployment that sets env, not args). */
    static final String NO_POLICIES_ENV = "GRR_NO_POLICIES";

    private RunCommand() {
    }

    static int run(String[] argv) throws Exception {
        try (StartedOperator started = start(argv)) {
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    /** Everything `run` does up to the point where it waits for the process to be stopped. */
    static StartedOperator start(String[] argv) throws Exception {
        return start(argv, UnaryOperator.identity());
    }

    /** @param adjust changes the settings the arguments gave (a test keeping its JVM alive when the Lease is lost) */
    static StartedOperator start(String[] argv, UnaryOperator<OperatorSettings> adjust) throws Exception {
        Arguments args = Arguments.parse(argv, VALUED, FLAGS);
        LogSetup.configure(LogFormat.of(args));
        OperatorSettings settings = adjust.apply(settings(args).withPolicies(policiesEnforced(args, System.getenv(NO_POLICIES_ENV))));
        if (!settings.policies()) {
            LOG.warn("POLICIES ARE OFF ({}): every GuestRedemptionReset in every watched namespace may reset ANY guest of the "
                    + "tenant to ANY address. Use this only where everyone who can create a GuestRedemptionReset may do that.",
                    args.flag("no-policies") ? "--no-policies" : NO_POLICIES_ENV);
        }
        GraphConnection defaultConnection = args.flag("no-default-tenant") ? null : GraphOptions.connection(args);
        requireSettleWindowLongerThanARequest(settings, defaultConnection);
        int healthPort = args.intValue("health-port", 8080, 0, 65535);
        OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
        TenantBudgets budgets = new TenantBudgets(new BudgetLimits(args.intValue("graph-writes-per-150s", 3_000, 1, 1_000_000),
                args.intValue("graph-ru-per-10s", 3_500, 1, 10_000_000)), Clock.systemUTC());
        // Every request of the operator, its informers and its leader election goes through this one client.
        KubernetesClient client = kubernetesClient(args.value("kubeconfig", null), new KubernetesApiErrors(metrics.kubernetesApi()));
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
            if (settings.leaderElection() != null) {
                ClusterCheck.requireLeasePermissions(client, settings.leaderElection().leaseNamespace());
            }
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

    /** Secure by default: policies are on unless --no-policies or GRR_NO_POLICIES=true|1 says otherwise. */
    static boolean policiesEnforced(Arguments args, String environmentValue) {
        if (args.flag("no-policies")) {
            return false;
        }
        if (environmentValue == null || environmentValue.isBlank()) {
            return true;
        }
        String value = environmentValue.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("true") || value.equals("1")) {
            return false;
        }
        if (value.equals("false") || value.equals("0")) {
            return true;
        }
        throw new Arguments.UsageError(NO_POLICIES_ENV + ": expected true or false, got '" + environmentValue + "'");
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

    static OperatorSettings settings(Arguments args) {
        OperatorSettings defaults = OperatorSettings.defaults();
        OperatorSettings settings = defaults
                .withTimings(args.duration("settle-window", defaults.settleWindow()), defaults.backoffInitial(), defaults.backoffMax())
                .withResync(args.duration("resync", defaults.resync()))
                .withDriftPoll(args.duration("drift-poll", defaults.driftPoll()))
                .withThreads(args.intValue("threads", defaults.threads(), 1, 200))
                .withEntraLedgerCopy(args.flag("entra-ledger-copy") || "true".equalsIgnoreCase(System.getenv("ENTRA_LEDGER_COPY")));
        String namespaces = args.value("namespaces", "WATCH_NAMESPACES", "");
        if (!namespaces.isBlank()) {
            settings = settings.withNamespaces(Arrays.stream(namespaces.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
        }
        settings = settings.withShardSelector(args.value("shard-selector", "SHARD_SELECTOR", null));
        // The guests' claims live here too, with or without leader election.
        String ownNamespace = args.value("lease-namespace", "POD_NAMESPACE", "default");
        settings = settings.withOperatorNamespace(ownNamespace);
        if (!args.flag("no-leader-election")) {
            String identity = args.value("identity", "POD_NAME", System.getenv().getOrDefault("HOSTNAME", "operator"));
            settings = settings.withLeaderElection(OperatorSettings.LeaderElection.of(leaseName(args, settings),
                    ownNamespace, identity));
        }
        return settings;
    }

    /**
     * Each shard needs a Lease of its own, or the shards' leaders would take turns instead of running
     * side by side. A sharded operator must name it: a name derived from the selector would change
     * with any edit of the selector's text, and during the rollout of that edit old and new pods would
     * then hold two different Leases and both act on the same resources.
     */
    static String leaseName(Arguments args, OperatorSettings settings) {
        String named = args.value("lease-name", "LEASE_NAME", null);
        if (named != null) {
            return named;
        }
        if (settings.shardSelector() != null || !settings.namespaces().isEmpty()) {
            throw new Arguments.UsageError("--lease-name (or LEASE_NAME) is required with "
                    + (settings.shardSelector() != null ? "--shard-selector" : "--namespaces")
                    + ": every shard needs a Lease of its own (for example guest-redemption-operator-shard-a), named "
                    + "explicitly so that it stays the same when the selector is edited");
        }
        return DEFAULT_LEASE_NAME;
    }

    static KubernetesClient kubernetesClient(String kubeconfig) throws Exception {
        return kubernetesClient(kubeconfig, null);
    }

    /** @param interceptor sees every HTTP exchange of the client (null: none) */
    static KubernetesClient kubernetesClient(String kubeconfig, Interceptor interceptor) throws Exception {
        // Fabric8 finds more than one HTTP client on the classpath (the mock server brings Vert.x):
        // name the JDK's so the choice is not left to chance.
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory());
        if (interceptor != null) {
            builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(KubernetesApiErrors.NAME, interceptor));
        }
        if (kubeconfig == null) {
            return builder.build();
        }
        Path file = Path.of(kubeconfig);
        if (!Files.isReadable(file)) {
            throw new Arguments.UsageError("--kubeconfig: cannot read " + kubeconfig);
        }
        return builder.withConfig(Config.fromKubeconfig(Files.readString(file))).build();
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
