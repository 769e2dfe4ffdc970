package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.ConsoleCapture;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.GraphFaultMix;
import io.guestops.grr.testkit.OperatorTimings;
import io.guestops.grr.testkit.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many resources against a Graph that fails often and in every way, two replicas with leader
 * election, replicas killed and restarted, the leader failing over. Size: system property
 * {@code chaos.resources} (the pom passes 120; {@code mvn -B verify -Dchaos.resources=500 -Dtest=ChaosTest}
 * runs the full size; {@code chaos.seed} picks another repeatable sequence of faults). Policies are
 * on, as `run` has them: one policy admits the namespace's guests (with a limit far above the run's
 * size), and planted resources ask for a domain it denies. Ends with every good resource Ready, every planted one Stalled with its
 * reason, exactly one effective reset per (user, desired email), no member converted, and no
 * secret or redeem link in any status, event or log line.
 */
class ChaosTest {

    private static final String TENANT = "3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c";
    private static final String OPERATOR_SECRET = "dev-only-emulator-secret";
    private static final long FAULT_SEED = Long.getLong("chaos.seed", 20261127L);
    private static final List<Planned> PLAN = plan(Integer.getInteger("chaos.resources", 120));

    /** The console from before the environment starts: no line of the whole run may show a secret. */
    @RegisterExtension
    static final ConsoleCapture CONSOLE = new ConsoleCapture();

    /** The replicas are started (and killed) by the test. */
    @RegisterExtension
    static final EnvironmentFixture CHAOS = EnvironmentFixture.withoutOperator(() -> seed(PLAN))
            .emulatorOptions(options -> options.randomSeed(FAULT_SEED));
    private static final String LEASE = "guest-redemption-operator";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(2);
    private static final String POLICY = """
            namespaceSelector: {}
            guests: {mailDomains: [old.example]}
            desiredEmailDomains: {allowed: [new.example, taken.example], denied: [blocked.example]}
            connections: {operatorDefault: true}
            maxResetsPerHour: 10000
            """;
    /** Where a third of the settled resources move to (then the namespace is deleted and synced again). */
    private static final String MOVED_TO = "chaos-moved";
    /** Progress (fraction of resources settled) at which a replica is killed and a new one started. */
    private static final double[] KILL_POINTS = {0.15, 0.35, 0.55, 0.75};

    /** What a generated resource is meant to end as. */
    private enum Kind {
        GOOD(null), MEMBER("NotAGuest"), INVALID_SPEC("InvalidSpec"), MISSING_USER("UserNotFound"),
        ROLE_HOLDER("UserHoldsDirectoryRole"), ADDRESS_OWNED("AddressOwnedByAnotherUser"),
        CONFLICT("GuestOwnedByAnotherResource"), POLICY_DENIED("PolicyDenied");

        final String stalledReason;

        Kind(String stalledReason) {
            this.stalledReason = stalledReason;
        }
    }

    private record Planned(String name, String userId, Kind kind, String desiredEmail, GuestReference guest) {}

    private static final class Replicas {
        private final DevEnvironment environment;
        private final Map<String, DevEnvironment.RunningOperator> running = new HashMap<>();
        private int started;
        int restarts;
        int failovers;

        Replicas(DevEnvironment environment) {
            this.environment = environment;
        }

        void start() {
            String identity = "replica-" + (++started);
            running.put(identity, environment.startOperator(OperatorTimings.faultTests().toBuilder().threads(16).policies(true)
                    .entraLedgerCopy(true)
                    .leaderElection(new OperatorSettings.LeaderElection(LEASE, NAMESPACE, identity, LEASE_DURATION,
                            Duration.ofMillis(1500), Duration.ofMillis(250), false)).build()));
        }

        /** Kills the leader (a failover follows) or a follower (a plain restart), then starts a replacement. */
        void killAndReplace(boolean leader, KubernetesClient client) {
            String holder = holder(client);
            String victim = running.keySet().stream().filter(id -> leader == id.equals(holder)).findFirst().orElseThrow();
            running.remove(victim).kill();
            restarts++;
            start();
            if (leader) {
                await().atMost(LEASE_DURATION.plus(Duration.ofSeconds(10))).pollInterval(Duration.ofMillis(50))
                        .until(() -> holder(client) != null && !victim.equals(holder(client)));
                failovers++;
            }
        }

        static String holder(KubernetesClient client) {
            Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
            return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        }
    }

    @Test
    void everyGuestIsResetExactlyOnceWhateverFails() {
        Instant begin = Instant.now();
        Map<String, Object> table = run(CHAOS.environment(), PLAN, begin);
        String logText = CONSOLE.text();
        assertThat(logText).as("log lines").doesNotContain(OPERATOR_SECRET).doesNotContain("inviteRedeemUrl")
                .doesNotContain("ticket=").doesNotContain("eyJ");
        table.put("log lines checked", logText.lines().count());
        table.put("fault seed (-Dchaos.seed)", FAULT_SEED);
        print(table);
    }

    private Map<String, Object> run(DevEnvironment environment, List<Planned> plan, Instant begin) {
        GraphEmulator emulator = environment.emulator();
        KubernetesClient client = environment.client();
        GraphFaultMix.injectInto(emulator);
        Policies.apply(client, "chaos", POLICY);
        Replicas replicas = new Replicas(environment);
        replicas.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Replicas.holder(client) != null);
        replicas.start();

        plan.forEach(p -> OperatorHarness.create(client,
                OperatorHarness.resource(p.name(), p.guest(), p.desiredEmail())));

        for (int i = 0; i < KILL_POINTS.length; i++) {
            long target = Math.round(plan.size() * KILL_POINTS[i]);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> settledCount(client) >= target);
            replicas.killAndReplace(i % 2 == 0, client);
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> settledCount(client) == plan.size());
        List<Planned> moved = gitOpsMoves(client, plan);
        environment.stopOperators();
        long adoptedFromEntra = rebuiltCluster(plan);
        Duration wall = Duration.between(begin, Instant.now());

        Map<String, GuestRedemptionReset> resources = client.resources(GuestRedemptionReset.class).inAnyNamespace()
                .list().getItems().stream().collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity()));
        // Adopted from the ledger's record; or, where a replica died before settling the ledger's
        // intent, settled from the user's state. Either way with no write: the journal counts below.
        for (Planned p : moved) {
            assertThat(resources.get(p.name()).getStatus().getReset().getConfirmedBy()).as(p.name() + " adopted its record")
                    .isIn("ClusterLedger", "UserState");
        }
        long adopted = moved.stream().filter(p -> "ClusterLedger".equals(resources.get(p.name()).getStatus().getReset()
                .getConfirmedBy())).count();
        Map<String, Long> stalledByReason = new TreeMap<>();
        int ready = 0;
        for (Planned p : plan) {
            GuestRedemptionReset r = resources.get(p.name());
            if (p.kind() == Kind.GOOD) {
                assertThat(isTrue(r, "Ready")).as(p.name() + " Ready; conditions " + r.getStatus().getConditions()).isTrue();
                assertThat(r.getStatus().getReset().getEmail()).isEqualTo(p.desiredEmail());
                assertThat(r.getStatus().getPendingReset()).isNull();
                ready++;
            } else {
                assertThat(condition(r, "Stalled").orElseThrow().getReason()).as(p.name() + " " + r.getStatus().getConditions())
                        .isEqualTo(p.kind().stalledReason);
                stalledByReason.merge(p.kind().stalledReason, 1L, Long::sum);
            }
        }

        Map<String, Long> resetsPerUserAndEmail = emulator.directory().invitations().stream()
                .filter(InvitationRecord::resetRedemption)
                .collect(Collectors.groupingBy(i -> i.invitedUserId() + " " + i.invitedUserEmailAddress().toLowerCase(Locale.ROOT),
                        Collectors.counting()));
        long duplicates = resetsPerUserAndEmail.values().stream().mapToLong(c -> c - 1).sum();
        for (Planned p : plan) {
            long resets = p.userId() == null ? 0 : resetsPerUserAndEmail.getOrDefault(p.userId() + " " + p.desiredEmail(), 0L);
            assertThat(resets).as("effective resets of " + p.name()).isEqualTo(p.kind() == Kind.GOOD ? 1 : 0);
        }
        assertThat(duplicates).as("duplicate resets").isZero();
        // Requests Graph handled; a $batch envelope is journaled besides its parts and counted by them.
        List<JournalEntry> graphCalls = emulator.journal().stream()
                .filter(e -> e.path().startsWith("/v1.0/") && !e.path().equals("/v1.0/$batch")).toList();
        long converted = emulator.journal().stream().filter(JournalEntry::memberConverted).count();
        assertThat(converted).as("members converted").isZero();
        long injected = graphCalls.stream().filter(GraphFaultMix::failedByInjection).count();
        double injectedShare = 100.0 * injected / graphCalls.size();
        assertThat(injectedShare).as("share of Graph calls failed by injection (%)").isGreaterThanOrEqualTo(15.0);
        assertThat(replicas.restarts).isGreaterThanOrEqualTo(4);
        assertThat(replicas.failovers).as("the leader is killed at two of the four kill points").isEqualTo(2);

        assertNothingSecretIn(client, resources.values());

        Map<String, Object> table = new java.util.LinkedHashMap<>();
        table.put("resources", plan.size());
        table.put("Ready", ready);
        stalledByReason.forEach((reason, count) -> table.put("Stalled " + reason, count));
        table.put("Graph requests", graphCalls.size());
        table.put("failed by injection", injected + String.format(Locale.ROOT, " (%.1f%%)", injectedShare));
        table.put("effective resets", resetsPerUserAndEmail.values().stream().mapToLong(Long::longValue).sum());
        table.put("duplicate resets", duplicates);
        table.put("members converted", converted);
        table.put("re-applied or moved after Ready", moved.size());
        table.put("of them adopted from the ledger's record", adopted);
        table.put("cluster rebuilt empty, every resource applied again", plan.size());
        table.put("of them adopted from the Entra copy", adoptedFromEntra);
        table.put("restarts (kill + start)", replicas.restarts);
        table.put("leader failovers", replicas.failovers);
        table.put("wall time", String.format(Locale.ROOT, "%.1f s", wall.toMillis() / 1000.0));
        return table;
    }

    /**
     * What GitOps does to settled resources every day, under the same Graph faults: a third of the
     * Ready ones pruned and synced again (deleted and re-created), another third moved to another
     * namespace, which is then deleted whole and synced again. None may reset its guest again.
     */
    private static List<Planned> gitOpsMoves(KubernetesClient client, List<Planned> plan) {
        // A guest another resource also names passes to that one when its owner is deleted (one owner
        // per guest, by design): those owners stay put here, OwnerHandoverTest covers that move.
        Set<String> contested = plan.stream().filter(p -> p.kind() == Kind.CONFLICT).map(Planned::userId).collect(Collectors.toSet());
        List<Planned> good = plan.stream().filter(p -> p.kind() == Kind.GOOD && !contested.contains(p.userId())).toList();
        List<Planned> reapplied = IntStream.range(0, good.size()).filter(i -> i % 3 == 0).mapToObj(good::get).toList();
        List<Planned> moved = IntStream.range(0, good.size()).filter(i -> i % 3 == 1).mapToObj(good::get).toList();
        List<Planned> all = new ArrayList<>(reapplied);
        all.addAll(moved);
        all.forEach(p -> client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName(p.name()).delete());
        await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(p -> client.resources(GuestRedemptionReset.class)
                .inNamespace(NAMESPACE).withName(p.name()).get() == null));
        reapplied.forEach(p -> OperatorHarness.create(client, OperatorHarness.resource(p.name(), p.guest(), p.desiredEmail())));
        createIn(client, MOVED_TO, moved);
        awaitReady(client, all);
        client.resources(GuestRedemptionReset.class).inNamespace(MOVED_TO).delete();
        client.namespaces().withName(MOVED_TO).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.namespaces().withName(MOVED_TO).get() == null
                && client.resources(GuestRedemptionReset.class).inNamespace(MOVED_TO).list().getItems().isEmpty());
        createIn(client, MOVED_TO, moved);
        awaitReady(client, all);
        return all;
    }

    /**
     * The cluster is lost and rebuilt from Git: a fresh embedded cluster (no resources, no claims,
     * no ledger) on the same tenant, the policy and every resource applied again, one operator with
     * the Entra copy on, under the same Graph faults. Every guest must be found done on the guest
     * itself: the journal's reset count, checked by the caller, may not grow.
     *
     * @return how many resources adopted their reset from the Entra copy
     */
    private static long rebuiltCluster(List<Planned> plan) {
        try (DevEnvironment rebuilt = CHAOS.anotherClusterWithoutOperator()) {
            KubernetesClient client = rebuilt.client();
            Policies.apply(client, "chaos", POLICY);
            rebuilt.startOperator(OperatorTimings.faultTests().toBuilder().threads(16).policies(true).entraLedgerCopy(true).build());
            plan.forEach(p -> OperatorHarness.create(client, OperatorHarness.resource(p.name(), p.guest(), p.desiredEmail())));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> settledCount(client) == plan.size());
            List<GuestRedemptionReset> good = plan.stream().filter(p -> p.kind() == Kind.GOOD)
                    .map(p -> OperatorHarness.get(client, p.name())).toList();
            assertThat(good).allSatisfy(r -> assertThat(isTrue(r, "Ready")).as(r.getMetadata().getName() + " Ready").isTrue());
            return good.stream().filter(r -> "EntraLedger".equals(r.getStatus().getReset().getConfirmedBy())).count();
        }
    }

    private static void createIn(KubernetesClient client, String namespace, List<Planned> planned) {
        Policies.namespace(client, namespace, Map.of());
        planned.forEach(p -> {
            GuestRedemptionReset resource = OperatorHarness.resource(p.name(), p.guest(), p.desiredEmail());
            resource.getMetadata().setNamespace(namespace);
            client.resource(resource).inNamespace(namespace).create();
        });
    }

    private static void awaitReady(KubernetesClient client, List<Planned> planned) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, GuestRedemptionReset> now = client.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems()
                    .stream().collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity()));
            assertThat(planned).as("re-applied or moved, not yet Ready").allSatisfy(p -> assertThat(now.get(p.name()))
                    .as(p.name()).matches(r -> settled(r) && isTrue(r, "Ready"), "settled and Ready: "
                            + (now.get(p.name()) == null ? "absent" : now.get(p.name()).getStatus())));
        });
    }

    private static long settledCount(KubernetesClient client) {
        return client.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems().stream()
                .filter(OperatorHarness::settled).count();
    }

    private static void assertNothingSecretIn(KubernetesClient client, java.util.Collection<GuestRedemptionReset> resources) {
        var json = client.getKubernetesSerialization();
        List<Event> events = client.v1().events().inNamespace(NAMESPACE).list().getItems();
        assertThat(events).as("events were written").isNotEmpty();
        List<String> texts = new ArrayList<>();
        resources.forEach(r -> texts.add(json.asJson(r.getStatus())));
        events.forEach(e -> texts.add(json.asJson(e)));
        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(OPERATOR_SECRET).doesNotContain("inviteRedeemUrl")
                .doesNotContain("ticket=").doesNotContain("eyJ"));
    }

    /**
     * One guest per resource; every twentieth resource is a planted bad case, in turn a member, an
     * invalid spec, a user that does not exist, a guest holding a directory role, a desired address
     * another guest holds, and a second resource on the guest of the resource before it; and every
     * twentieth, offset, asks for a domain the policy denies.
     */
    private static List<Planned> plan(int size) {
        List<Planned> plan = new ArrayList<>();
        Kind[] bad = {Kind.MEMBER, Kind.INVALID_SPEC, Kind.MISSING_USER, Kind.ROLE_HOLDER, Kind.ADDRESS_OWNED, Kind.CONFLICT};
        for (int i = 0; i < size; i++) {
            Kind kind = i % 20 == 7 ? bad[(i / 20) % bad.length] : i % 20 == 13 ? Kind.POLICY_DENIED : Kind.GOOD;
            String name = String.format(Locale.ROOT, "chaos-%04d", i);
            String userId = String.format(Locale.ROOT, "c4a05000-0000-4000-8000-%012d", i);
            String desired = name + "@new.example";
            GuestReference guest = i % 2 == 0 ? new GuestReference(userId, null) : new GuestReference(null, name + "@old.example");
            switch (kind) {
                case INVALID_SPEC -> plan.add(new Planned(name, userId, kind, "not-an-email", guest));
                case MISSING_USER -> plan.add(new Planned(name, null, kind, desired,
                        new GuestReference(null, name + "@nobody.example")));
                case ADDRESS_OWNED -> plan.add(new Planned(name, userId, kind, name + "@taken.example", guest));
                case POLICY_DENIED -> plan.add(new Planned(name, userId, kind, name + "@blocked.example", guest));
                case CONFLICT -> {
                    String ownersGuest = plan.get(i - 1).userId();
                    plan.add(new Planned(name, ownersGuest, kind, desired, new GuestReference(ownersGuest, null)));
                }
                default -> plan.add(new Planned(name, userId, kind, desired, guest));
            }
        }
        return plan;
    }

    private static Seed seed(List<Planned> plan) {
        Seed base = Seed.load(Seeds.EXAMPLES.resolve("emulator/seed.yaml"));
        List<DirectoryUser> users = new ArrayList<>();
        List<DirectoryRoleAssignment> roles = new ArrayList<>();
        Instant accepted = Instant.parse("2025-02-01T00:00:00Z");
        for (Planned p : plan) {
            if (p.kind() == Kind.MISSING_USER || p.kind() == Kind.CONFLICT) {
                continue; // no such user; or the guest of the resource before it
            }
            if (p.kind() == Kind.ADDRESS_OWNED) {
                String holderId = p.userId().replace("-8000-", "-9000-");
                String taken = p.desiredEmail();
                users.add(new DirectoryUser(holderId, TENANT, "holder of " + taken, null, null,
                        taken.replace("@", "_") + "#EXT#@contoso.onmicrosoft.com", taken, List.of(), List.of("SMTP:" + taken),
                        "Guest", "Invitation", "Accepted", accepted, List.of(), null, null, null, null, List.of(), true, accepted));
            }
            String mail = p.name() + "@old.example";
            boolean member = p.kind() == Kind.MEMBER;
            users.add(new DirectoryUser(p.userId(), TENANT, p.name(), null, null,
                    member ? p.name() + "@contoso.onmicrosoft.com" : p.name() + "_old.example#EXT#@contoso.onmicrosoft.com",
                    mail, List.of(), List.of("SMTP:" + mail), member ? "Member" : "Guest", member ? null : "Invitation",
                    member ? null : "Accepted", member ? null : accepted, List.of(), null, null, null, null, List.of(), true, accepted));
            if (p.kind() == Kind.ROLE_HOLDER) {
                // Helpdesk Administrator
                roles.add(new DirectoryRoleAssignment("role-" + p.name(), TENANT, p.userId(), "729827e3-9c14-49f7-bb1b-9608f156bbb8", "/"));
            }
        }
        return Seeds.examplesPlus(new Seed(base.tenants(), List.of(), users, roles));
    }

    private static void print(Map<String, Object> table) {
        int width = table.keySet().stream().mapToInt(String::length).max().orElse(10);
        StringBuilder out = new StringBuilder("\nChaos run (-Dchaos.resources=" + table.get("resources") + ")\n");
        table.forEach((key, value) -> out.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", key, value)));
        System.out.println(out);
    }
}
