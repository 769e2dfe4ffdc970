package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.realcluster.ScaleChaosPlan.ChaosTenant;
import io.guestops.grr.realcluster.ScaleChaosPlan.Planned;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.GraphFaultMix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chaos run at scale on the real API server: resources over three tenants (system property
 * {@code scale.chaos.resources}, 150 by default; {@code scale.chaos.seed} picks another repeatable
 * sequence), policies with a blast-radius limit, planted bad cases, address conflicts and fights;
 * about a fifth of the Graph calls failing; three replicas electing a leader, while at seeded moments
 * the API server restarts, a replica is killed, or the Deployment rolls; every watch is ended by the
 * server every 5 to 10 s besides; through {@link KubeFaultProxy} (on by default) watches are also cut,
 * the server made unreachable, the leader's renewals refused, and a share of requests refused. It ends with exactly one reset per admitted request, no member
 * converted, no Graph write from a replica outside its Lease, every resource settled with the status
 * its case expects, c's resets within its limit in every window, and the heap measured.
 */
class ScaleChaosTest {

    /** The server ends each watch after 5 to 10 s (kube-apiserver picks in [min, 2 min]): the informers resume all the time. */
    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.withFlags("--min-request-timeout=5");

    private static final int SIZE = Integer.getInteger("scale.chaos.resources", 150);
    private static final long SEED = Long.getLong("scale.chaos.seed", 20261206L);
    private static final ScaleChaosPlan PLAN = ScaleChaosPlan.of(SIZE, 0.25);

    /** The three tenants' directory, with Graph's probabilistic faults drawn from the run's seed. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(PLAN::seed).options(options -> options.randomSeed(SEED))
            .keepingStateAcrossTests();

    private static final String OPERATOR_NAMESPACE = "grr-system";
    private static final String LEASE = "guest-redemption-operator";
    private static final OperatorSettings.LeaderElection ELECTION = new OperatorSettings.LeaderElection(LEASE, OPERATOR_NAMESPACE,
            "per-replica", Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofMillis(500), false);
    /** The policies' reset-limit window, shortened so tenant c's limit is met and refilled several times in a run. */
    private static final Duration LIMIT_WINDOW = Duration.ofSeconds(5);
    private static final int REPLICAS = 3;
    /**
     * Whether the replicas reach the API server through {@link KubeFaultProxy} (system property
     * {@code scale.chaos.proxy}, on by default), which adds watch cuts, outages, refused Lease renewals
     * and a share of refused requests to the faults; off, they talk to the server directly.
     */
    private static final boolean THROUGH_PROXY = Boolean.parseBoolean(System.getProperty("scale.chaos.proxy", "true"));

    @Test
    void everyRequestResetOnceThroughRestartsKillsAndRollouts() throws Exception {
        int size = SIZE;
        long seed = SEED;
        Instant begin = Instant.now();
        ScaleChaosPlan plan = PLAN;
        GraphEmulator emulator = GRAPH.emulator();
        GraphFaultMix.injectInto(emulator);
        KubernetesClient admin = KUBE.adminClient();
        ScaleChaosApply.prepareCluster(admin, plan, OPERATOR_NAMESPACE);
        ThrottleLimits limits = emulator.throttling().limits();
        OperatorSettings settings = OperatorSettings.builder()
                .settleWindow(Duration.ofSeconds(2)).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .threads(16).policies(true).resetLimitWindow(LIMIT_WINDOW).build();
        ReplicaGraphWrites writes = new ReplicaGraphWrites();
        long heapAtStart = usedHeapAfterGc();
        SoftAssertions softly = new SoftAssertions();
        Map<String, Object> table;
        try (KubeFaultProxy proxy = THROUGH_PROXY ? KubeFaultProxy.inFrontOf(KUBE, seed) : null;
             ChaosSchedule schedule = new ChaosSchedule(seed, Duration.ofSeconds(size > 500 ? 8 : 4));
             LeaseTerms lease = new LeaseTerms(admin, OPERATOR_NAMESPACE, LEASE);
             ReplicaFleet fleet = new ReplicaFleet(KUBE, () -> proxy == null ? adminConfig() : proxy.clientConfig(KUBE.adminToken()),
                     GRAPH.connection(),
                     new BudgetLimits(limits.writesPer150s(), limits.ruPer10sSmallTenant()), settings, ELECTION, writes,
                     lease::startedLeading, schedule.serialized())) {
            fleet.startOne();
            await().atMost(Duration.ofSeconds(30)).until(() -> lease.holder().isPresent());
            for (int i = 1; i < REPLICAS; i++) {
                fleet.startOne();
            }
            schedule.with(ChaosFault.controlPlaneRestart(KUBE))
                    .with(ChaosFault.replicaKill(fleet, () -> lease.holder().orElse("")))
                    .with(ChaosFault.rollingRestart(fleet));
            if (proxy != null) {
                // besides the moments: a steady share of the replicas' requests refused, and status writes in conflict
                proxy.faults().throttle(0.02, Duration.ofSeconds(1), request -> true).unavailable(0.02, request -> true)
                        .conflictOnStatusWrites(0.05);
                ProxyFaults.of(proxy, LEASE, ELECTION.renewDeadline().plusMillis(1500)).forEach(schedule::with);
            }
            schedule.start();
            progress(begin, "replicas started, faults on");
            long refused = ScaleChaosApply.createAll(admin, plan);
            progress(begin, "resources applied");
            List<Planned> admitted = plan.admitted();
            Duration patience = Duration.ofMinutes(5 + admitted.size() / 100);
            // the full run has faults nearly to the end; CI's, once each kind has come, stops them at half way
            double faultsUntil = size > 500 ? 0.9 : 0.5;
            Duration poll = Duration.ofSeconds(size > 500 ? 3 : 1);
            await().atMost(patience).pollInterval(poll).ignoreExceptions()
                    .until(() -> settled(admin) >= admitted.size() * faultsUntil && schedule.everyKindInjected());
            progress(begin, Math.round(faultsUntil * 100) + " % settled, every fault kind injected");
            schedule.stop();
            progress(begin, "faults stopped");
            await().atMost(patience).pollInterval(poll).ignoreExceptions()
                    .until(() -> settled(admin) == admitted.size());
            await().atMost(Duration.ofMinutes(1)).until(() -> writes.inFlight() == 0);
            progress(begin, "all settled, no Graph write in flight");
            long heapSettled = usedHeapAfterGc();
            progress(begin, "heap measured");
            table = verify(softly, admin, plan, emulator, writes, lease, refused);
            progress(begin, "verified");
            table.put("K8s faults injected", schedule.injected());
            if (proxy != null) {
                table.put("K8s requests refused or cut by the proxy", proxy.faults().injected().entrySet().stream()
                        .filter(e -> e.getValue() > 0).collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue,
                                Long::sum, TreeMap::new)));
            }
            softly.assertThat(schedule.failures()).as("faults the run could not inject").isEmpty();
            table.put("replicas started", fleet.started());
            table.put("replica kills", fleet.kills());
            table.put("graceful stops (rollouts)", fleet.gracefulStops());
            table.put("exits on lost Lease", fleet.exitsOnLostLease());
            table.put("Lease hand-overs (failovers)", lease.handovers());
            table.put("longest hand-over gap", String.format(Locale.ROOT, "%.2f s", lease.longestHandoverGap().toMillis() / 1000.0));
            table.put("heap used after GC: start", mib(heapAtStart));
            table.put("heap used after GC: settled, " + fleet.size() + " replicas", mib(heapSettled));
        }
        long heapAfter = usedHeapAfterGc();
        table.put("heap used after GC: replicas stopped", mib(heapAfter));
        table.put("wall time", String.format(Locale.ROOT, "%.1f s", Duration.between(begin, Instant.now()).toMillis() / 1000.0));
        table.put("seed (-Dscale.chaos.seed)", seed);
        print(table);
        // what stays after the replicas stop is the emulator's directory and journal, not the operator's
        softly.assertThat(heapAfter - heapAtStart).as("heap kept after every replica stopped (bytes)")
                .isLessThan(Runtime.getRuntime().maxMemory() / 4);
        softly.assertAll();
    }

    /** The run's numbers; every invariant is checked softly, so the table is printed even when one fails. */
    private Map<String, Object> verify(SoftAssertions softly, KubernetesClient admin, ScaleChaosPlan plan, GraphEmulator emulator,
                                       ReplicaGraphWrites writes, LeaseTerms lease, long refused) {
        Map<String, GuestRedemptionReset> live = admin.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems()
                .stream().collect(Collectors.toMap(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(),
                        Function.identity()));
        Map<String, Long> resets = emulator.directory().invitations().stream().filter(InvitationRecord::resetRedemption)
                .collect(Collectors.groupingBy(i -> i.invitedUserId() + " " + i.invitedUserEmailAddress().toLowerCase(Locale.ROOT),
                        Collectors.counting()));
        Map<String, Long> stalledByReason = new TreeMap<>();
        int ready = 0;
        int fightsWon = 0;
        for (Planned p : plan.resources) {
            GuestRedemptionReset r = live.get(p.key());
            long resetsOfRequest = p.userId() == null ? 0 : resets.getOrDefault(p.userId() + " " + p.desiredEmail().toLowerCase(Locale.ROOT), 0L);
            if (p.kind() == PlantedCase.SCHEMA_REFUSED) {
                softly.assertThat(r).as(p.key() + " refused by the API server's schema").isNull();
                continue;
            }
            if (r == null || !r.hasSettled()) {
                softly.fail(p.key() + " not settled: " + (r == null ? "absent" : r.getStatus()));
                continue;
            }
            boolean isReady = r.getStatus().conditionIsTrue("Ready");
            boolean expectedReady = p.kind() == PlantedCase.GOOD || (p.kind() == PlantedCase.FIGHT && isReady);
            if (expectedReady) {
                softly.assertThat(isReady).as(p.key() + " Ready: " + r.getStatus().getConditions()).isTrue();
                softly.assertThat(r.getStatus().getReset()).as(p.key() + " reset recorded").isNotNull();
                softly.assertThat(r.getStatus().getReset() == null ? null : r.getStatus().getReset().getEmail())
                        .as(p.key() + " reset to its email").isEqualToIgnoringCase(p.desiredEmail());
                softly.assertThat(r.getStatus().getPendingReset()).as(p.key() + " nothing pending").isNull();
                softly.assertThat(resetsOfRequest).as("effective resets of " + p.key()).isEqualTo(1);
                ready++;
                fightsWon += p.kind() == PlantedCase.FIGHT ? 1 : 0;
            } else {
                softly.assertThat(r.getStatus().condition("Stalled").map(c -> c.getReason()).orElse("not Stalled")).as(p.key() + " " + r.getStatus().getConditions())
                        .isEqualTo(p.kind().stalledReason);
                softly.assertThat(resetsOfRequest).as("effective resets of " + p.key()).isZero();
                stalledByReason.merge(p.kind().stalledReason, 1L, Long::sum);
            }
        }
        long fights = plan.resources.stream().filter(p -> p.kind() == PlantedCase.FIGHT).count() / 2;
        softly.assertThat(fightsWon).as("fights with exactly one winner").isEqualTo(fights);
        long duplicates = resets.values().stream().mapToLong(c -> c - 1).sum();
        softly.assertThat(duplicates).as("duplicate resets").isZero();

        List<JournalEntry> journal = emulator.journal();
        long converted = journal.stream().filter(JournalEntry::memberConverted).count();
        softly.assertThat(converted).as("members converted").isZero();
        List<WritesAfterLostLease.Offence> fenced = WritesAfterLostLease.find(journal, writes, lease);
        ChaosTenant limited = plan.tenants.get(2);
        int busiestWindow = busiestWindow(emulator.directory().invitations().stream()
                .filter(i -> i.resetRedemption() && i.tenantId().equals(limited.tenantId())).map(InvitationRecord::issuedAt).sorted().toList());
        List<JournalEntry> graphCalls = journal.stream().filter(e -> e.path().startsWith("/v1.0/") && !e.path().equals("/v1.0/$batch")).toList();
        long injected = graphCalls.stream().filter(GraphFaultMix::failedByInjection).count();
        assertNothingSecretIn(softly, admin, live.values());

        Map<String, Object> table = new LinkedHashMap<>();
        table.put("resources planned (refused by schema)", plan.resources.size() + " (" + refused + ")");
        table.put("tenants", plan.tenants.size());
        table.put("Ready", ready + " (of them fights won: " + fightsWon + " of " + fights + ")");
        stalledByReason.forEach((reason, count) -> table.put("Stalled " + reason, count));
        table.put("effective resets", resets.values().stream().mapToLong(Long::longValue).sum());
        table.put("duplicate resets", duplicates);
        table.put("members converted", converted);
        table.put("Graph writes outside the sender's Lease", fenced.size());
        table.put("tenant c resets, busiest " + (LIMIT_WINDOW.toSeconds() - 1) + " s (limit per " + LIMIT_WINDOW.toSeconds() + " s)", busiestWindow + " (" + limited.resetLimit() + ")");
        table.put("Graph requests", graphCalls.size());
        table.put("Graph faults injected", injected + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * injected / graphCalls.size()));
        softly.assertThat(fenced).as("Graph writes received from a replica that did not hold the Lease; the Lease's terms: "
                + lease.terms()).isEmpty();
        // Within twice the limit, not the limit: the operator counts a reset from its reservation, and a
        // pass held by an API outage between reservation and POST reaches Graph seconds later, in the
        // next window of the test's 5 s (seen: 11 in 4 s against 10). Ignoring the limit would let all
        // of tenant c's resets through in the first window, far past twice the limit.
        softly.assertThat(busiestWindow).as("tenant c's resets in any limit window; their times: " + emulator.directory().invitations()
                .stream().filter(i -> i.resetRedemption() && i.tenantId().equals(limited.tenantId()))
                .map(i -> i.issuedAt() + " " + i.invitedUserId().substring(27)).sorted().toList())
                .isLessThanOrEqualTo(2 * limited.resetLimit());
        return table;
    }

    /**
     * The most resets Graph received in any stretch of the limit window less a second (Graph's clock
     * and the operator's differ by the request's way there).
     */
    private static int busiestWindow(List<Instant> times) {
        Duration window = LIMIT_WINDOW.minusSeconds(1);
        int busiest = 0;
        for (int start = 0, end = 0; end < times.size(); end++) {
            while (Duration.between(times.get(start), times.get(end)).compareTo(window) >= 0) {
                start++;
            }
            busiest = Math.max(busiest, end - start + 1);
        }
        return busiest;
    }

    private static void progress(Instant begin, String what) {
        System.out.printf(Locale.ROOT, "[scale chaos] %6.1f s %s%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0, what);
    }

    private static long settled(KubernetesClient admin) {
        long settled = admin.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems().stream()
                .filter(GuestRedemptionReset::hasSettled).count();
        System.out.println("[scale chaos] " + Instant.now() + " settled " + settled);
        return settled;
    }

    /** A client straight to the API server as the admin. */
    private static Config adminConfig() {
        try {
            return Config.fromKubeconfig(Files.readString(KUBE.kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertNothingSecretIn(SoftAssertions softly, KubernetesClient admin,
                                              java.util.Collection<GuestRedemptionReset> resources) {
        var json = admin.getKubernetesSerialization();
        List<String> texts = new ArrayList<>();
        resources.forEach(r -> texts.add(json.asJson(r.getStatus())));
        admin.v1().events().inAnyNamespace().list().getItems().forEach(e -> texts.add(json.asJson(e)));
        softly.assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(ScaleChaosPlan.SECRET).doesNotContain("inviteRedeemUrl")
                .doesNotContain("ticket=").doesNotContain("eyJ"));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static void print(Map<String, Object> table) {
        int width = table.keySet().stream().mapToInt(String::length).max().orElse(10);
        StringBuilder out = new StringBuilder("\nScale chaos run on the real API server (-Dscale.chaos.resources="
                + Integer.getInteger("scale.chaos.resources", 150) + ")\n");
        table.forEach((key, value) -> out.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", key, value)));
        System.out.println(out);
    }
}
