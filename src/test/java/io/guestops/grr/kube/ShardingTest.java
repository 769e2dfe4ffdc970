package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.MailPolicy;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.GraphJournal;
import io.guestops.grr.testkit.OperatorTimings;
import io.guestops.grr.testkit.Seeds;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two shards (label selectors {@code guestops.io/shard=a} and {@code =b}), two replicas each with
 * one Lease per shard: four operators in one JVM against one embedded API and one Graph emulator,
 * policies on as `run` has them. Each shard's leader reconciles its own resources and no others;
 * a shard's standby takes over when its leader dies; and the rules that span resources (one owner
 * per guest, a policy's reset limit) hold across shards.
 */
class ShardingTest {

    private static final String SHARD_LABEL = "guestops.io/shard";
    private static final Duration LEASE_DURATION = OperatorTimings.LEASE_DURATION;
    private static final String BUDGET_NAMESPACE = "budget";
    private static final int BUDGET_LIMIT = 2;
    /** Guests 12 to 16 are for the same-second race (one per try), 17 for the takeover of a deleted holder's claim. */
    private static final List<Integer> RACE_GUESTS = List.of(12, 13, 14, 15, 16);
    private static final int TAKEOVER_GUEST = 17;
    private static final int LAST_GUEST = 17;

    /** The replicas of both shards are started by the class, each electing its leader on its shard's Lease. */
    @RegisterExtension
    static final EnvironmentFixture SHARDS = EnvironmentFixture.withoutOperator(
            () -> Seeds.examplesPlusAcceptedGuests(IntStream.rangeClosed(1, LAST_GUEST), ShardingTest::userId, "shard.example"));
    /** Every replica by identity (a-1, a-2, b-1, b-2), in start order. */
    private static final Map<String, Replica> REPLICAS = new LinkedHashMap<>();

    /** One operator replica of a shard and the resources it has reconciled (namespace/name), as JOSDK reports them. */
    record Replica(String shard, DevEnvironment.RunningOperator operator, Set<String> reconciled) {

        static Replica start(String shard, String identity) {
            Set<String> reconciled = ConcurrentHashMap.newKeySet();
            Metrics recorder = new Metrics() {
                @Override
                public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
                    reconciled.add(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
                }
            };
            OperatorSettings settings = OperatorTimings.faultTests().toBuilder().policies(true)
                    .shardSelector(SHARD_LABEL + "=" + shard).build();
            return new Replica(shard, SHARDS.environment().startOperator(OperatorTimings.replica(settings, lease(shard), identity),
                    new Instrumentation(recorder, GraphCallListener.NONE, ReconcileListener.NONE)), reconciled);
        }
    }

    @BeforeAll
    static void start() {
        Policies.apply(SHARDS.client(), "shards", """
                namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}
                guests: {mailDomains: [shard.example]}
                desiredEmailDomains: {allowed: [new.example]}
                connections: {operatorDefault: true}
                maxResetsPerHour: 1000
                """);
        Policies.namespace(SHARDS.client(), BUDGET_NAMESPACE, Map.of("kubernetes.io/metadata.name", BUDGET_NAMESPACE));
        Policies.apply(SHARDS.client(), "tight-budget", """
                namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: budget}}
                guests: {mailDomains: [shard.example]}
                desiredEmailDomains: {allowed: [new.example]}
                connections: {operatorDefault: true}
                maxResetsPerHour: %d
                """.formatted(BUDGET_LIMIT));
        for (String shard : List.of("a", "b")) {
            REPLICAS.put(shard + "-1", Replica.start(shard, shard + "-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> (shard + "-1").equals(holder(shard)));
            REPLICAS.put(shard + "-2", Replica.start(shard, shard + "-2"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> REPLICAS.values().stream().allMatch(r -> r.operator().isReady()));
    }

    @Test
    void eachShardsLeaderReconcilesOnlyItsOwnResourcesAndItsStandbyTakesOver() {
        List<String> before = List.of("a:1", "a:2", "b:3", "b:4");
        before.forEach(ShardingTest::createInDefault);
        before.forEach(ShardingTest::awaitReady);
        assertThat(REPLICAS.get("a-2").reconciled()).as("a standby reconciles nothing").isEmpty();
        assertThat(REPLICAS.get("b-2").reconciled()).as("a standby reconciles nothing").isEmpty();
        assertThat(failoverResourcesOf(REPLICAS.get("a-1"))).containsExactlyInAnyOrder("default/failover-1", "default/failover-2");
        assertThat(failoverResourcesOf(REPLICAS.get("b-1"))).containsExactlyInAnyOrder("default/failover-3", "default/failover-4");

        REPLICAS.get("a-1").operator().kill();
        REPLICAS.get("b-1").operator().kill();
        // from the moment both are dead: the two kills run one after the other, and each may take seconds
        Instant killedAt = Instant.now();
        await().atMost(LEASE_DURATION.plus(Duration.ofSeconds(5))).pollInterval(Duration.ofMillis(50))
                .until(() -> "a-2".equals(holder("a")) && "b-2".equals(holder("b")));
        assertThat(Duration.between(killedAt, Instant.now())).as("both standbys took over once their Lease expired")
                .isLessThan(LEASE_DURATION.plus(Duration.ofSeconds(5)));

        List<String> after = List.of("a:5", "b:6");
        after.forEach(ShardingTest::createInDefault);
        after.forEach(ShardingTest::awaitReady);
        assertThat(failoverResourcesOf(REPLICAS.get("a-2"))).contains("default/failover-5").doesNotContain("default/failover-6");
        assertThat(failoverResourcesOf(REPLICAS.get("b-2"))).contains("default/failover-6").doesNotContain("default/failover-5");

        // Resources another test deleted (a claim's holder) have no label left to compare.
        REPLICAS.values().forEach(replica -> assertThat(replica.reconciled().stream().filter(ShardingTest::exists).toList())
                .as("resources %s reconciled", replica).allSatisfy(name -> assertThat(shardOf(name)).isEqualTo(replica.shard())));
        IntStream.rangeClosed(1, 6).forEach(i -> assertThat(resetsOf(SHARDS.emulator(), userId(i))).as("resets of guest %d", i)
                .singleElement().extracting(InvitationRecord::invitedUserEmailAddress).isEqualTo(desiredEmail(i)));
        assertThat(SHARDS.emulator().journal()).noneMatch(JournalEntry::memberConverted);
    }

    /** Without the informer of every shard, shard b could not see shard a's resource and would reset the guest too. */
    @Test
    void twoResourcesInDifferentShardsNamingOneGuestResetItOnce() {
        int guest = 7;
        create(NAMESPACE, "a", "guest-7-older-in-a", guest, "guest7.first@new.example");
        create(NAMESPACE, "b", "guest-7-younger-in-b", guest, "guest7.second@new.example");

        awaitIn(NAMESPACE, "guest-7-older-in-a", r -> settled(r) && isTrue(r, "Ready"));
        GuestRedemptionReset younger = awaitIn(NAMESPACE, "guest-7-younger-in-b", OperatorHarness::settled);
        assertThat(condition(younger, "Stalled")).hasValueSatisfying(stalled -> {
            assertThat(stalled.getReason()).isEqualTo("GuestOwnedByAnotherResource");
            assertThat(stalled.getMessage()).contains("default/guest-7-older-in-a", userId(guest));
        });
        assertThat(resetsOf(SHARDS.emulator(), userId(guest))).extracting(InvitationRecord::invitedUserEmailAddress)
                .containsExactly("guest7.first@new.example");
        assertThat(GraphJournal.writesTo(SHARDS.emulator(), userId(guest))).as("nothing was written for the younger resource")
                .noneMatch(w -> w.requestBody().contains("guest7.second@new.example"));
    }

    /**
     * The race the guest's claim closes. Two resources on one guest, in shards a and b, created in
     * the same second, b's sorting first by name: shard a decides before b's resource exists, and its
     * PATCH is held in flight; shard b then sees an older-or-equal resource that has not written yet
     * and, by the age rule alone, owns the guest too. Only the claim (one Lease per guest, created
     * atomically) keeps shard b from writing. The second can turn between the two creates; then
     * the age rule alone decides, and the next guest is tried.
     */
    @Test
    void twoShardsRacingForOneGuestInTheSameSecondWriteToItOnce() {
        for (int guest : RACE_GUESTS) {
            FaultRule inFlight = GraphJournal.holdOnce("/users/" + userId(guest), "PATCH", 2000);
            SHARDS.emulator().faults().add(inFlight);
            String inA = "race-" + guest + "-z-in-a";
            String inB = "race-" + guest + "-a-in-b";
            // From the top of a second (creation times have second precision), so shard a's pass up to
            // its PATCH and the second create most likely fall in the same second.
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(2)).until(() -> Instant.now().getNano() < 100_000_000);
            GuestRedemptionReset first = create(NAMESPACE, "a", inA, guest, "race" + guest + ".a@new.example");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> GraphJournal.fired(SHARDS.emulator(), inFlight));
            GuestRedemptionReset second = create(NAMESPACE, "b", inB, guest, "race" + guest + ".b@new.example");

            GuestRedemptionReset winner = awaitIn(NAMESPACE, inA, OperatorHarness::settled);
            GuestRedemptionReset loser = awaitIn(NAMESPACE, inB, OperatorHarness::settled);
            if (!first.getMetadata().getCreationTimestamp().equals(second.getMetadata().getCreationTimestamp())) {
                continue;
            }
            assertThat(GraphJournal.writesTo(SHARDS.emulator(), userId(guest))).as("one PATCH and one reset, both for shard a's resource")
                    .extracting(JournalEntry::method).containsExactly("PATCH", "POST");
            assertThat(isTrue(winner, "Ready")).as("shard a's resource, which claimed the guest first, ends Ready").isTrue();
            assertThat(condition(loser, "Stalled")).hasValueSatisfying(stalled -> {
                assertThat(stalled.getReason()).isEqualTo("GuestOwnedByAnotherResource");
                assertThat(stalled.getMessage()).contains("default/" + inA, userId(guest));
            });
            assertThat(GraphJournal.writesTo(SHARDS.emulator(), userId(guest)))
                    .noneMatch(w -> w.requestBody().contains("race" + guest + ".b@new.example"));
            assertThat(claimHolder(guest)).isEqualTo("default/" + inA + "/" + first.getMetadata().getUid());
            return;
        }
        throw new AssertionError("no two resources were created in the same second in " + RACE_GUESTS.size() + " tries");
    }

    /** A claim whose holder was deleted is taken over by the next resource for the guest, in another shard. */
    @Test
    void aDeletedHoldersClaimIsTakenOverByTheNextResourceForTheGuest() {
        int guest = TAKEOVER_GUEST;
        // mail: Keep, so the guest's mail stays in the policy's guests.mailDomains for the next resource.
        GuestRedemptionReset holder = OperatorHarness.resource("holder-17-in-a", new GuestReference(userId(guest), null),
                "guest17.first@new.example");
        holder.getSpec().setMail(MailPolicy.Keep);
        holder.getMetadata().setLabels(new java.util.HashMap<>(Map.of(SHARD_LABEL, "a")));
        holder = Policies.create(SHARDS.client(), NAMESPACE, holder);
        awaitIn(NAMESPACE, "holder-17-in-a", r -> settled(r) && isTrue(r, "Ready"));
        create(NAMESPACE, "b", "next-17-in-b", guest, "guest17.second@new.example");
        awaitIn(NAMESPACE, "next-17-in-b", r -> settled(r) && condition(r, "Stalled")
                .filter(c -> "GuestOwnedByAnotherResource".equals(c.getReason())).isPresent());
        assertThat(claimHolder(guest)).isEqualTo("default/holder-17-in-a/" + holder.getMetadata().getUid());

        SHARDS.client().resource(holder).delete();

        GuestRedemptionReset next = awaitIn(NAMESPACE, "next-17-in-b", r -> settled(r) && isTrue(r, "Ready"));
        assertThat(claimHolder(guest)).isEqualTo("default/next-17-in-b/" + next.getMetadata().getUid());
        assertThat(resetsOf(SHARDS.emulator(), userId(guest))).extracting(InvitationRecord::invitedUserEmailAddress)
                .containsExactly("guest17.first@new.example", "guest17.second@new.example");
    }

    /** The holderIdentity of the guest's claim, the Lease in the operators' namespace. */
    private static String claimHolder(int guest) {
        Lease claim = SHARDS.client().leases().inNamespace(NAMESPACE).withName("grr-guest-" + userId(guest)).get();
        return claim == null ? null : claim.getSpec().getHolderIdentity();
    }

    /** A policy's limit is one budget: shard b counts the resets shard a made under the same policy. */
    @Test
    void aPolicysResetLimitCountsTheResetsOfEveryShard() {
        create(BUDGET_NAMESPACE, "a", "budget-8", 8, desiredEmail(8));
        create(BUDGET_NAMESPACE, "a", "budget-9", 9, desiredEmail(9));
        awaitIn(BUDGET_NAMESPACE, "budget-8", r -> settled(r) && isTrue(r, "Ready"));
        awaitIn(BUDGET_NAMESPACE, "budget-9", r -> settled(r) && isTrue(r, "Ready"));

        create(BUDGET_NAMESPACE, "b", "budget-10", 10, desiredEmail(10));

        GuestRedemptionReset held = awaitIn(BUDGET_NAMESPACE, "budget-10", r -> settled(r) || condition(r, "Reconciling")
                .filter(c -> "ResetLimitReached".equals(c.getReason())).isPresent());
        assertThat(condition(held, "Reconciling")).as("held by the limit").hasValueSatisfying(c -> assertThat(c.getReason())
                .isEqualTo("ResetLimitReached"));
        assertThat(condition(held, "Reconciling").orElseThrow().getMessage())
                .contains("Policy 'tight-budget' allows at most " + BUDGET_LIMIT + " resets per");
        assertThat(resetsOf(SHARDS.emulator(), userId(10))).as("shard b sent no reset past the policy's limit").isEmpty();
    }

    /** Moving a resource to another shard is a relabel; its status carries the record, so it is not reset again. */
    @Test
    void aSettledResourceRelabelledIntoTheOtherShardIsNotResetAgain() {
        create(NAMESPACE, "a", "moving-11", 11, desiredEmail(11));
        awaitIn(NAMESPACE, "moving-11", r -> settled(r) && isTrue(r, "Ready"));

        SHARDS.client().resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName("moving-11")
                .edit(r -> {
                    r.getMetadata().getLabels().put(SHARD_LABEL, "b");
                    return r;
                });

        await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf("b").reconciled().contains("default/moving-11"));
        await().atMost(Duration.ofSeconds(10)).until(() -> leaderOf("a").operator().cachedResources()
                .noneMatch(r -> r.getMetadata().getName().equals("moving-11")));
        awaitIn(NAMESPACE, "moving-11", r -> settled(r) && isTrue(r, "Ready"));
        assertThat(resetsOf(SHARDS.emulator(), userId(11))).as("one reset, before and after the move").hasSize(1);
    }

    private static Replica leaderOf(String shard) {
        return REPLICAS.get(holder(shard));
    }

    private static List<String> failoverResourcesOf(Replica replica) {
        return replica.reconciled().stream().filter(name -> name.startsWith("default/failover-")).toList();
    }

    private static boolean exists(String namespacedName) {
        String[] parts = namespacedName.split("/");
        return SHARDS.client().resources(GuestRedemptionReset.class).inNamespace(parts[0]).withName(parts[1]).get() != null;
    }

    /** The shard a resource is labelled with now. */
    private static String shardOf(String namespacedName) {
        String[] parts = namespacedName.split("/");
        GuestRedemptionReset resource = SHARDS.client().resources(GuestRedemptionReset.class).inNamespace(parts[0]).withName(parts[1]).get();
        return resource.getMetadata().getLabels().get(SHARD_LABEL);
    }

    private static String lease(String shard) {
        return "grr-shard-" + shard;
    }

    private static String holder(String shard) {
        return SHARDS.leaseHolder(lease(shard));
    }

    /** {@code "a:1"}: guest 1's resource in shard a. */
    private static void createInDefault(String shardAndGuest) {
        String[] parts = shardAndGuest.split(":");
        int guest = Integer.parseInt(parts[1]);
        create(NAMESPACE, parts[0], "failover-" + guest, guest, desiredEmail(guest));
    }

    private static void awaitReady(String shardAndGuest) {
        awaitIn(NAMESPACE, "failover-" + shardAndGuest.split(":")[1], r -> settled(r) && isTrue(r, "Ready"));
    }

    private static GuestRedemptionReset create(String namespace, String shard, String name, int guest, String desiredEmail) {
        GuestRedemptionReset resource = OperatorHarness.resource(name, new GuestReference(userId(guest), null), desiredEmail);
        resource.getMetadata().setLabels(new java.util.HashMap<>(Map.of(SHARD_LABEL, shard)));
        return Policies.create(SHARDS.client(), namespace, resource);
    }

    private static GuestRedemptionReset awaitIn(String namespace, String name, Predicate<GuestRedemptionReset> condition) {
        return OperatorHarness.awaitResource(SHARDS.client(), namespace, name, condition);
    }

    private static String userId(int i) {
        return String.format(Locale.ROOT, "5a4d0000-0000-4000-8000-%012d", i);
    }

    private static String desiredEmail(int i) {
        return "guest" + i + "@new.example";
    }
}
