package io.guestops.grr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ProbeServer;
import io.guestops.grr.metrics.OperatorMetrics;
import io.guestops.grr.manifest.ManifestDocument;
import io.guestops.grr.manifest.ManifestReader;
import io.guestops.grr.manifest.ManifestValidator;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * `dev`: the operator on the embedded default. Starts the embedded Kubernetes and the Graph
 * emulator, starts the operator, applies examples/, shows progress, and ends with a table of every
 * resource. Exits non-zero when a resource did not end the way its example says.
 */
final class DevCommand {

    static final String USAGE = """
            Usage: dev [options]
              --examples DIR        resources to apply (default examples); DIR/emulator/seed.yaml seeds the emulator.
                                    GuestRedemptionPolicies in DIR are applied first and turn policies on;
                                    without one, the operator runs without policies (and says so)
              --seed FILE           emulator seed instead of DIR/emulator/seed.yaml
              --state-dir DIR       where the kubeconfig and the emulator certificate go (default dev-state)
              --timeout DURATION    how long to wait for every resource to settle (default 120s)
              --keep-running        keep everything running for kubectl after the table (Ctrl-C stops)
              --health-port N       /healthz, /readyz and /metrics (default 0: a free port, printed)
              --log-format text|json  log lines (standard error) for people (default) or one JSON object per line
              --real-graph          use a real tenant instead of the emulator, with the options of `run`:
                                    --tenant-id, --client-id, --graph-endpoint, --authority-host,
                                    --client-certificate, --trust-cert (secret: env AZURE_CLIENT_SECRET)
            """;

    /** The annotation with which an example says how it should end: Ready, or Stalled/<Reason>. */
    static final String EXPECTATION = "guestops.io/example-expects";

    private static final Set<String> VALUED = RunCommand.union(GraphOptions.VALUED,
            Set.of("examples", "seed", "state-dir", "timeout", "health-port", LogFormat.OPTION));
    private static final Set<String> FLAGS = Set.of("keep-running", "real-graph");

    private DevCommand() {
    }

    static int run(String[] argv) throws Exception {
        Arguments args = Arguments.parse(argv, VALUED, FLAGS);
        LogSetup.configure(LogFormat.of(args));
        Path examples = Path.of(args.value("examples", "examples"));
        List<ManifestDocument> documents = exampleDocuments(examples);
        List<ManifestDocument> policies = documents.stream().filter(DevCommand::isPolicy).toList();
        List<ManifestDocument> resources = documents.stream().filter(d -> !isPolicy(d)).toList();
        Duration timeout = args.duration("timeout", Duration.ofSeconds(120));
        Path stateDir = Path.of(args.value("state-dir", "dev-state"));
        int healthPort = args.intValue("health-port", 0, 0, 65535);
        Files.createDirectories(stateDir);
        Progress progress = new Progress();
        progress.done(policies.isEmpty()
                ? "No GuestRedemptionPolicy in " + examples + ": running WITHOUT policies, every resource may act "
                        + "(`run` admits a resource only when a policy does)"
                : "Policies on: " + filesOf(policies) + " GuestRedemptionPolicy file(s) in " + examples
                        + "; a resource acts only when a policy admits it");

        progress.step("Starting embedded Kubernetes and " + (args.flag("real-graph") ? "the real tenant connection" : "the Graph emulator"));
        try (DevEnvironment environment = environment(args, examples)) {
            Path kubeconfig = stateDir.resolve("kubeconfig").toAbsolutePath();
            environment.kubernetes().writeKubeconfig(kubeconfig);
            progress.done("Kubernetes API at " + environment.kubernetes().apiServerUrl() + ", kubeconfig " + kubeconfig);
            if (environment.emulator() != null) {
                Path certificate = stateDir.resolve("graph-emulator.pem").toAbsolutePath();
                environment.emulator().writeCertificatePem(certificate);
                progress.done("Graph emulator at " + environment.emulator().graphEndpoint() + " (certificate " + certificate + ")");
            }
            progress.step("Starting the operator");
            OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
            DevEnvironment.RunningOperator operator = environment.startOperator(OperatorSettings.builder()
                    .settleWindow(Duration.ofSeconds(20))
                    .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                    .policies(!policies.isEmpty()).build(), metrics.instrumentation());
            metrics.readResourcesFrom(operator::cachedResources);
            try (ProbeServer probes = ProbeServer.start(healthPort, operator::isReady, metrics::scrape)) {
                progress.done("operator started; probes and metrics at http://127.0.0.1:" + probes.port() + "/metrics");
                if (!policies.isEmpty()) {
                    progress.step("Applying " + policies.size() + " policies from " + examples);
                    applyPolicies(environment.client(), policies);
                    progress.done("applied");
                }
                int exit = resources.isEmpty()
                        ? reportNothingToApply(examples)
                        : applyAndReport(environment, resources, examples, timeout, progress);
                if (args.flag("keep-running")) {
                    keepRunning(kubeconfig, resources.isEmpty() ? null : resources.get(0).name());
                }
                return exit;
            }
        }
    }

    private static int applyAndReport(DevEnvironment environment, List<ManifestDocument> resources, Path examples,
                                      Duration timeout, Progress progress) throws InterruptedException {
        progress.step("Applying the resources of " + filesOf(resources) + " file(s) from " + examples);
        List<GuestRedemptionReset> applied = apply(environment.client(), resources);
        progress.done("applied");
        List<GuestRedemptionReset> settled = awaitSettled(environment.client(), applied, timeout, progress);
        return printTable(settled) == 0 ? 0 : 1;
    }

    /**
     * A directory of policies only is a fine start (policies first, resources later with kubectl),
     * not a failure: there is simply no table, and no resource could miss its expectation.
     */
    private static int reportNothingToApply(Path examples) {
        System.out.println("\nNo GuestRedemptionReset in " + examples + ": nothing to apply, so no table. "
                + "Add resources there, or apply them with kubectl (--keep-running).");
        return 0;
    }

    /** Blocks until the JVM stops (Ctrl-C) or this thread is interrupted; then everything is shut down in order. */
    private static void keepRunning(Path kubeconfig, String someResource) throws InterruptedException {
        System.out.println("\nStill running. Try: export KUBECONFIG=" + kubeconfig + "; kubectl get grr; "
                + (someResource == null ? "kubectl apply -f my-resource.yaml" : "kubectl describe grr " + someResource)
                + "\nCtrl-C stops.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }

    private static long filesOf(List<ManifestDocument> documents) {
        return documents.stream().map(ManifestDocument::file).distinct().count();
    }

    private static final ObjectMapper MANIFEST_MAPPER = new ObjectMapper();

    private static DevEnvironment environment(Arguments args, Path examples) {
        if (args.flag("real-graph")) {
            return DevEnvironment.withTenant(GraphOptions.connection(args));
        }
        Path seedFile = Path.of(args.value("seed", examples.resolve("emulator").resolve("seed.yaml").toString()));
        if (!Files.isReadable(seedFile)) {
            throw new Arguments.UsageError("--seed: cannot read " + seedFile);
        }
        return DevEnvironment.withEmulator(Seed.load(seedFile), UnaryOperator.identity());
    }

    /** Every document of the directory's .yaml files (not its subdirectories), in file and document order. */
    private static List<ManifestDocument> exampleDocuments(Path examples) throws IOException {
        if (!Files.isDirectory(examples)) {
            throw new Arguments.UsageError("--examples: " + examples + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(examples)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new Arguments.UsageError("--examples: no .yaml files in " + examples);
        }
        ManifestReader.Manifests manifests = ManifestReader.read(files);
        if (!manifests.unreadable().isEmpty()) {
            throw new Arguments.UsageError(manifests.unreadable().get(0).toString());
        }
        return manifests.documents();
    }

    private static boolean isPolicy(ManifestDocument document) {
        return document.kind().equals(HasMetadata.getKind(GuestRedemptionPolicy.class))
                && document.apiVersion().startsWith(HasMetadata.getGroup(GuestRedemptionPolicy.class) + "/");
    }

    /** Each policy document, multi-document files included, created or updated as kubectl apply would. */
    private static void applyPolicies(KubernetesClient client, List<ManifestDocument> policies) {
        for (ManifestDocument document : policies) {
            GuestRedemptionPolicy policy;
            try {
                policy = MANIFEST_MAPPER.convertValue(document.content(), GuestRedemptionPolicy.class);
            } catch (IllegalArgumentException e) {
                throw new Arguments.UsageError(document.where() + " is not a GuestRedemptionPolicy: " + e.getMessage());
            }
            client.resource(policy).createOr(existing -> existing.update());
        }
    }

    /**
     * Applies every GuestRedemptionReset of the documents, in file and document order as kubectl
     * would: created, or updated when it exists.
     */
    private static List<GuestRedemptionReset> apply(KubernetesClient client, List<ManifestDocument> documents) {
        List<GuestRedemptionReset> applied = new ArrayList<>();
        for (ManifestDocument document : documents) {
            if (!ManifestValidator.isGuestRedemptionReset(document)) {
                throw new Arguments.UsageError(document.where() + ": " + document.kind() + " is not a GuestRedemptionReset; "
                        + "dev applies only those and GuestRedemptionPolicies (apply others with kubectl)");
            }
            GuestRedemptionReset resource;
            try {
                resource = MANIFEST_MAPPER.convertValue(document.content(), GuestRedemptionReset.class);
            } catch (IllegalArgumentException e) {
                throw new Arguments.UsageError(document.where() + " is not a GuestRedemptionReset: " + e.getMessage());
            }
            applied.add(client.resource(resource).createOr(existing -> existing.update()));
        }
        return applied;
    }

    private static List<GuestRedemptionReset> awaitSettled(KubernetesClient client, List<GuestRedemptionReset> applied,
                                                           Duration timeout, Progress progress) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (true) {
            List<GuestRedemptionReset> current = applied.stream().map(r -> client.resource(r).get()).toList();
            long settled = current.stream().filter(r -> r != null && r.hasSettled()).count();
            long ready = current.stream().filter(r -> ResourceTable.is(r, "Ready")).count();
            long stalled = current.stream().filter(r -> ResourceTable.is(r, "Stalled")).count();
            String line = settled + "/" + current.size() + " settled (Ready " + ready + ", Stalled " + stalled + ", in progress "
                    + (current.size() - settled) + ")";
            if (!line.equals(last)) {
                progress.done(line);
                last = line;
            }
            if (settled == current.size() || Instant.now().isAfter(deadline)) {
                return current;
            }
            Thread.sleep(250);
        }
    }

    private static int printTable(List<GuestRedemptionReset> resources) {
        TextTable table = ResourceTable.of(resources, false, List.of("EXPECTED", "AS EXPECTED"),
                r -> Arrays.asList(expectation(r), meets(r, expectation(r)) ? "yes" : "NO"));
        long mismatches = resources.stream().filter(r -> !meets(r, expectation(r))).count();
        System.out.println();
        System.out.print(table.render());
        System.out.println(mismatches == 0 ? "\nEvery resource ended as its example expects."
                : "\n" + mismatches + " resource(s) did not end as expected; `kubectl describe grr NAME` shows why.");
        return (int) mismatches;
    }

    private static boolean meets(GuestRedemptionReset r, String expected) {
        if (expected == null) {
            return r.hasSettled();
        }
        if (expected.equals("Ready")) {
            return ResourceTable.is(r, "Ready");
        }
        if (expected.startsWith("Stalled")) {
            Condition stalled = ResourceTable.condition(r, "Stalled");
            String reason = expected.contains("/") ? expected.substring(expected.indexOf('/') + 1) : null;
            return ResourceTable.is(r, "Stalled") && (reason == null || reason.equals(stalled.getReason()));
        }
        return false;
    }

    private static String expectation(GuestRedemptionReset r) {
        Map<String, String> annotations = r.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(EXPECTATION);
    }

    /** Timestamped progress lines, so a person sees a long start is alive. */
    private static final class Progress {
        private final Instant start = Instant.now();

        void step(String what) {
            System.out.println(prefix() + what + " ...");
        }

        void done(String what) {
            System.out.println(prefix() + "  " + what);
        }

        private String prefix() {
            return String.format("[%5.1fs] ", Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }
}
