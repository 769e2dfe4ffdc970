package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.graph.budget.TenantBudgets;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.kube.ClusterClient;
import io.guestops.grr.kube.GuestOperator;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ReconcileListener;
import io.guestops.grr.kube.TenantGateways;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.realcluster.KubeFaults.Injected;
import io.guestops.grr.testkit.GraphJournal;
import io.guestops.grr.testkit.OperatorTimings;
import io.guestops.grr.testkit.ResetResources;
import io.guestops.grr.testkit.Seeds;
import io.guestops.grr.testkit.TeeStream;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault test's world on the real API server: its own namespace, the test class's Graph emulator
 * put back to its guests (and one member, whose resource must end Stalled/NotAGuest), a {@link KubeFaultProxy} that
 * every operator replica's Fabric8 client goes through, and the user's own client (the admin,
 * straight to the API server). It ends with the checks every fault test makes and the summary it prints.
 */
final class FaultScenario implements AutoCloseable {

    /** The desired emails' domain; every guest starts at {@code <name>@old.example}. */
    private static final String NEW_DOMAIN = "new.example";
    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(60);
    /** The leader Lease of the replicas of {@link #startLeaderElectedReplicas}, in the scenario's namespace. */
    static final String LEASE = "grr-leader";
    /** A console log line: time, level, [thread], logger. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\S+ +(?:TRACE|DEBUG|INFO|WARN|ERROR) +\\[[^\\]]*\\] (\\S+)");

    private final String name;
    private final int guests;
    private final RealKubernetes kube;
    private final String namespace;
    private final GraphEmulator emulator;
    private final GraphConnection graph;
    private final KubeFaultProxy proxy;
    private final KubernetesClient user;
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    private final Map<String, String> guestOfResource = new LinkedHashMap<>();
    private final Instant begin = Instant.now();
    private final String member;
    private final Map<String, Replica> byIdentity = new ConcurrentHashMap<>();
    private final AtomicInteger replicaNumbers = new AtomicInteger();
    private final AtomicInteger leadersReplaced = new AtomicInteger();
    private final ExecutorService restarts = Executors.newSingleThreadExecutor();
    private volatile boolean closing;
    private final String operatorSecret;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;

    /** A started operator replica with its own client (through the proxy) and Graph gateways, as a pod has. */
    record Replica(KubernetesClient client, TenantGateways gateways, GuestOperator operator) {
        void stop() {
            operator.close();
            gateways.close();
            client.close();
        }
    }

    FaultScenario(RealKubernetes kube, GraphEmulator emulator, String name, int guests, long seed) {
        this.name = name;
        this.guests = guests;
        this.kube = kube;
        this.namespace = kube.createNamespace(name);
        String tenant = Seeds.examplesPlus(new Seed(List.of(), List.of(), List.of(), List.of()))
                .applications().get(0).tenantId();
        List<DirectoryUser> users = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            users.add(user(tenant, guestId(i), resourceName(i), "Guest"));
        }
        this.member = guestId(guests);
        users.add(user(tenant, member, "member", "Member"));
        Seed base = Seeds.examplesPlus(new Seed(List.of(), List.of(), users, List.of()));
        // The test class's emulator, put back to this scenario's guests: no fault or write of an earlier scenario is left.
        emulator.faults().clear();
        emulator.reset(base);
        this.emulator = emulator;
        this.graph = DevEnvironment.emulatorConnection(emulator, base);
        this.operatorSecret = base.applications().stream().filter(a -> !a.secrets().isEmpty()).findFirst().orElseThrow()
                .secrets().get(0);
        // the operator logs to the console: kept as well, to check that no secret reaches it
        System.setOut(new PrintStream(new TeeStream(originalOut, logs), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new TeeStream(originalErr, logs), true, StandardCharsets.UTF_8));
        this.proxy = KubeFaultProxy.inFrontOf(kube, seed);
        this.user = kube.adminClient();
        for (int i = 0; i < guests; i++) {
            guestOfResource.put(resourceName(i), guestId(i));
        }
    }

    String namespace() {
        return namespace;
    }

    KubeFaultProxy proxy() {
        return proxy;
    }

    GraphEmulator emulator() {
        return emulator;
    }

    /** The user's client: the admin, straight to the API server (a person's kubectl, not the operator). */
    KubernetesClient user() {
        return user;
    }

    /** The operator's settings here: the fault tests' short timings, this namespace only, its claims in it. */
    OperatorSettings settings() {
        return OperatorTimings.faultTests().toBuilder().namespaces(Set.of(namespace)).operatorNamespace(namespace).build();
    }

    /**
     * Starts {@code count} replicas electing a leader on the Lease {@link #LEASE} (2 s lease, 1.5 s renew
     * deadline). A replica that stops leading is replaced by a new one, as its pod is restarted after
     * `run` exits on a lost Lease (here the replicas share the test's JVM, so they cannot exit).
     */
    void startLeaderElectedReplicas(int count) {
        for (int i = 0; i < count; i++) {
            startElectedReplica();
        }
    }

    /** How many leaders lost their Lease (and were replaced). */
    int leadersReplaced() {
        return leadersReplaced.get();
    }

    /** The holder of the leader Lease, or null. */
    String leader() {
        Lease lease = user.leases().inNamespace(namespace).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private void startElectedReplica() {
        String identity = "replica-" + replicaNumbers.incrementAndGet();
        ReconcileListener onLostLease = new ReconcileListener() {
            @Override
            public void leadershipChanged(boolean leading) {
                if (!leading && !closing) {
                    // not on JOSDK's thread: stopping the replica waits for that very thread
                    restarts.execute(() -> replace(identity));
                }
            }
        };
        Replica replica = startReplica(settings -> settings.toBuilder().leaderElection(new OperatorSettings.LeaderElection(LEASE, namespace,
                identity, Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250), false)).build(), onLostLease);
        byIdentity.put(identity, replica);
    }

    private synchronized void replace(String identity) {
        Replica lost = byIdentity.remove(identity);
        if (lost == null || closing) {
            return;
        }
        leadersReplaced.incrementAndGet();
        replicas.remove(lost);
        lost.stop();
        startElectedReplica();
    }

    /** Starts a replica whose Kubernetes client goes through the proxy. */
    Replica startReplica(UnaryOperator<OperatorSettings> configure) {
        return startReplica(configure, ReconcileListener.NONE);
    }

    private Replica startReplica(UnaryOperator<OperatorSettings> configure, ReconcileListener reconciles) {
        Config config = proxy.clientConfig(kube.adminToken());
        // Fabric8 backs off from this interval up to 32 times it between watch reconnects: a 250 ms start
        // keeps the test's outages short without changing what the operator must survive
        config.setWatchReconnectInterval(250);
        KubernetesClient client = ClusterClient.connect(config); // as `run` builds it
        TenantBudgets budgets = new TenantBudgets(
                new BudgetLimits(emulator.throttling().limits().writesPer150s(),
                        emulator.throttling().limits().ruPer10sSmallTenant()), Clock.systemUTC());
        TenantGateways gateways = new TenantGateways(graph, connection -> GraphGateways.create(connection,
                Instrumentation.NONE.graphCalls(), budgets));
        Replica replica = new Replica(client, gateways,
                GuestOperator.start(client, gateways, configure.apply(settings()),
                        new Instrumentation(Metrics.NOOP, GraphCallListener.NONE, reconciles)));
        replicas.add(replica);
        return replica;
    }

    /** Creates the resources of guests {@code from} (inclusive) to {@code to} (exclusive), as the user. */
    void createResources(int from, int to) {
        for (int i = from; i < to; i++) {
            user.resource(resource(resourceName(i), new GuestReference(guestId(i), null), desiredEmail(resourceName(i)))).create();
        }
    }

    /** The member's resource: the operator must refuse it (Stalled/NotAGuest) and never write to Graph for it. */
    void createMembersResource() {
        user.resource(resource("member", new GuestReference(member, null), "member@" + NEW_DOMAIN)).create();
    }

    /**
     * The gap of the 410 Gone tests: the member's resource and half the guests' settle, the operator
     * is cut off (the proxy down) while the other half is created and guest 0 asks for a new email,
     * and {@code resumePointsGone} makes every resource version the operator saw unusable. Once it is
     * back its watches must get 410, and it must list again and miss none of those changes.
     *
     * @return the lists of the resources the operator made before the gap
     */
    long cutOffUntilResumePointsAreGone(Runnable resumePointsGone) {
        createMembersResource();
        createResources(0, guests / 2);
        awaitAllSettled();
        long listsBefore = proxy.requests(head -> head.isListOf("guestredemptionresets"));
        long goneBefore = proxy.goneInWatches();

        proxy.down();
        createResources(guests / 2, guests);
        changeDesiredEmail(resourceName(0), "guest-0-again@" + NEW_DOMAIN);
        resumePointsGone.run();
        proxy.up();

        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.goneInWatches() > goneBefore);
        awaitAllSettled();
        assertThat(proxy.requests(head -> head.isListOf("guestredemptionresets")))
                .as("the operator listed its resources again").isGreaterThan(listsBefore);
        assertThat(get(resourceName(0)).getStatus().getReset().getEmail()).isEqualTo("guest-0-again@" + NEW_DOMAIN);
        return listsBefore;
    }

    /** A new desired email for a resource: a new request, which must reset the guest once more. */
    void changeDesiredEmail(String resourceName, String email) {
        user.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(resourceName)
                .edit(r -> {
                    r.getSpec().setDesiredEmail(email);
                    return r;
                });
    }

    GuestRedemptionReset get(String resourceName) {
        return user.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(resourceName).get();
    }

    /** Reset POSTs Graph has received for guests of this scenario so far. */
    long resetPosts() {
        return emulator.journal().stream().filter(e -> "POST".equals(e.method()) && e.path().contains("invitations")).count();
    }

    /** Waits until every resource in the namespace has observed its generation and is Ready or Stalled. */
    void awaitAllSettled() {
        await().atMost(SETTLED_WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<GuestRedemptionReset> all = user.resources(GuestRedemptionReset.class).inNamespace(namespace).list().getItems();
            return !all.isEmpty() && all.stream().allMatch(GuestRedemptionReset::hasSettled);
        });
    }

    /**
     * Every resource Ready for its desired email with its generation observed and no pending reset;
     * each guest reset exactly once per email it was asked for (one POST each, as Graph's journal
     * shows); the member's resource Stalled/NotAGuest with nothing sent to Graph.
     */
    void assertExactlyOneResetPerRequestAndTruthfulStatus() {
        for (GuestRedemptionReset resource : user.resources(GuestRedemptionReset.class).inNamespace(namespace).list().getItems()) {
            String resourceName = resource.getMetadata().getName();
            var status = resource.getStatus();
            assertThat(status.getObservedGeneration()).as(resourceName + " observedGeneration").isEqualTo(resource.getMetadata().getGeneration());
            if (resourceName.equals("member")) {
                assertThat(status.condition("Stalled").orElseThrow().getReason()).as("the member's resource").isEqualTo("NotAGuest");
                assertThat(GraphJournal.resetPostsFor(emulator, member)).isEmpty();
                continue;
            }
            String guest = guestOfResource.get(resourceName);
            assertThat(status.conditionIsTrue("Ready")).as(resourceName + " Ready; " + status.getConditions()).isTrue();
            assertThat(status.conditionIsTrue("Stalled")).as(resourceName + " not Stalled").isFalse();
            assertThat(status.getPendingReset()).as(resourceName + " pending reset").isNull();
            assertThat(status.getReset().getEmail()).isEqualTo(resource.getSpec().getDesiredEmail());
            List<JournalEntry> posts = GraphJournal.resetPostsFor(emulator, guest);
            List<String> emailsReset = GraphJournal.resetsOf(emulator, guest).stream()
                    .map(InvitationRecord::invitedUserEmailAddress).toList();
            assertThat(emailsReset).as(resourceName + ": one reset per email asked for").doesNotHaveDuplicates()
                    .contains(resource.getSpec().getDesiredEmail());
            assertThat(posts).as(resourceName + ": one POST per reset").hasSameSizeAs(emailsReset);
        }
    }

    /**
     * No secret in what the operator logged: not the API server token, not the Graph client secret,
     * no access token (a JWT starts {@code eyJ}) and no redeem link.
     */
    void assertLogsKeepSecrets() {
        String text = logs.toString(StandardCharsets.UTF_8);
        assertThat(text).as("log lines").isNotEmpty().doesNotContain(kube.adminToken()).doesNotContain(operatorSecret)
                .doesNotContain("inviteRedeemUrl").doesNotContain("ticket=").doesNotContain("eyJ");
    }

    /** How many stack traces were logged so far, by logger (the log line the trace follows). */
    private String stackTraces() {
        List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
        Map<String, Integer> byLogger = new LinkedHashMap<>();
        String logger = "?";
        for (int i = 0; i < lines.size(); i++) {
            Matcher logLine = LOG_LINE.matcher(lines.get(i));
            if (logLine.find()) {
                logger = logLine.group(1);
            } else if (i > 0 && lines.get(i).startsWith("\tat ") && !lines.get(i - 1).startsWith("\tat ")) {
                byLogger.merge(logger, 1, Integer::sum);
            }
        }
        return byLogger.isEmpty() ? "none" : byLogger.toString();
    }

    /** The test's summary: what was injected and what the operator did, one line per figure. */
    void printSummary(Map<String, Object> extra) {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("resources", user.resources(GuestRedemptionReset.class).inNamespace(namespace).list().getItems().size());
        rows.put("reset POSTs (Graph journal)", resetPosts());
        rows.put("effective resets", emulator.directory().invitations().stream().filter(InvitationRecord::resetRedemption).count());
        proxy.faults().injected().forEach((kind, count) -> {
            if (count > 0) {
                rows.put("injected " + kind.name(), count);
            }
        });
        rows.put("requests through the proxy", proxy.requests(head -> true));
        rows.put("status writes tried (PUT/PATCH .../status)", proxy.requests(RequestHead::isStatusWrite));
        rows.put("status writes that landed (2xx)", proxy.answered(RequestHead::isStatusWrite, 200, 300));
        rows.put("requests answered 409/429/5xx (retried by Fabric8 or the operator)",
                proxy.answered(head -> true, 409, 410) + proxy.answered(head -> true, 429, 430) + proxy.answered(head -> true, 500, 600));
        rows.put("watches opened", proxy.requests(RequestHead::isWatch));
        rows.put("lists of guestredemptionresets", proxy.requests(head -> head.isListOf("guestredemptionresets")));
        rows.put("410 Gone in watch answers", proxy.goneInWatches());
        rows.putAll(extra);
        rows.put("stack traces logged, by logger", stackTraces());
        rows.put("wall time (s)", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        StringBuilder table = new StringBuilder("\n| " + name + " | |\n| --- | ---: |\n");
        rows.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println(table);
    }

    long injected(Injected kind) {
        return proxy.faults().injected(kind);
    }

    @Override
    public void close() {
        closing = true;
        // A replacement already under way ends first: started after the replicas below were stopped,
        // its operator would outlive the test, its informers reconnecting to a proxy that is gone.
        restarts.shutdown();
        try {
            if (!restarts.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a replica replacement did not end within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replicas.forEach(Replica::stop);
        proxy.close();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private GuestRedemptionReset resource(String resourceName, GuestReference guest, String desiredEmail) {
        return ResetResources.of(namespace, resourceName, guest, desiredEmail);
    }

    static String resourceName(int i) {
        return "guest-" + i;
    }

    static String desiredEmail(String resourceName) {
        return resourceName + "@" + NEW_DOMAIN;
    }

    private String guestId(int i) {
        return UUID.nameUUIDFromBytes((namespace + "/" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static DirectoryUser user(String tenant, String id, String displayName, String userType) {
        Instant accepted = Instant.parse("2025-02-01T00:00:00Z");
        boolean guest = "Guest".equals(userType);
        String mail = displayName + "@old.example";
        return new DirectoryUser(id, tenant, displayName, null, null,
                guest ? displayName + "_old.example#EXT#@contoso.onmicrosoft.com" : displayName + "@contoso.onmicrosoft.com",
                mail, List.of(), List.of("SMTP:" + mail), userType, guest ? "Invitation" : null, guest ? "Accepted" : null,
                guest ? accepted : null, List.of(), null, null, null, null, List.of(), true, accepted);
    }
}
