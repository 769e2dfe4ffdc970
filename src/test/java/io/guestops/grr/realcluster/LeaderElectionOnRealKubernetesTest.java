package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.GraphJournal;
import io.guestops.grr.testkit.ResetResources;
import io.guestops.grr.testkit.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas started as `run` on the real API server, on the default Lease (JOSDK's timings: 15 s
 * lease, 2 s retry): the leader acts, the standby does not even sign in to Graph; killed with
 * SIGKILL (no Lease release), the leader is replaced by the standby once the Lease expires. The
 * guests' claims (Leases grr-guest-&lt;id&gt;) are created by the first writer and handed over to a
 * re-created resource; exactly one reset per guest.
 */
class LeaderElectionOnRealKubernetesTest {

    private static final String LEASE = "guest-redemption-operator";
    private static final Duration SETTLE = Duration.ofSeconds(120);

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    private static Path dir;
    private static final Seed SEED = Seeds.examplesPlus("/e2e/fault-users.yaml");

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> SEED).keepingStateAcrossTests();

    private static KubernetesClient client;

    @BeforeAll
    static void startGraphAndApplyThePolicy() throws IOException {
        dir = Files.createTempDirectory("leader-on-real-kube");
        client = KUBE.adminClient();
        KUBE.kubectl("apply", "-f", writeFile("policy.yaml", """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionPolicy
                metadata:
                  name: leader-guests
                spec:
                  namespaceSelector: {}
                  guests:
                    mailDomains: [old.example, new.example]
                  desiredEmailDomains:
                    allowed: [new.example]
                  connections:
                    operatorDefault: true
                  maxResetsPerHour: 50
                """).toString());
    }

    @AfterAll
    static void stopGraph() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @Test
    void theLeaderActsTheStandbyWaitsAndTakesOverWhenTheLeaderIsKilled() {
        try (RunCommandProcess leader = RunCommandProcess.replica("replica-a", KUBE, GRAPH.emulator(), SEED.applications().get(0), dir);
             RunCommandProcess standby = startAfter(leader)) {
            apply("18");
            apply("19");
            awaitReady("18");
            GuestRedemptionReset first = awaitReady("19");
            assertThat(holder()).isEqualTo(leader.name());
            assertThat(tokenRequests()).as("only the leader signed in to Graph").isEqualTo(1);
            Lease claim = claimOf("19");
            assertThat(claim.getSpec().getHolderIdentity()).isEqualTo("default/leader-b/" + first.getMetadata().getUid());

            Instant killedAt = Instant.now();
            leader.kill();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> standby.name().equals(holder()));
            Duration takeover = Duration.between(killedAt, Instant.now());
            // the figure the README's leader-election section quotes for a real API server
            System.out.println("LeaderElectionOnRealKubernetesTest: standby took the Lease " + takeover.toMillis()
                    + " ms after SIGKILL of the leader");
            assertThat(takeover).as("the standby waited for the Lease to expire").isGreaterThan(Duration.ofSeconds(5))
                    .as("within the 15 s Lease and a few 2 s retries").isLessThan(Duration.ofSeconds(30));

            // the new leader: a new guest, and a resource re-created under the old one's name takes its claim over
            apply("20");
            KUBE.kubectl("delete", "grr", "leader-b", "-n", "default");
            apply("19");
            awaitReady("20");
            GuestRedemptionReset again = awaitReady("19");
            RunOnRealKubernetesTest.assertAdoptedFromLedger(client, again);
            assertThat(claimOf("19").getSpec().getHolderIdentity()).as("the claim handed over to the re-created resource")
                    .isEqualTo("default/leader-b/" + again.getMetadata().getUid());
            assertThat(tokenRequests()).as("the new leader signed in once").isEqualTo(2);
            for (String guest : List.of("18", "19", "20")) {
                assertThat(GraphJournal.resetPostsFor(GRAPH.emulator(), userId(guest))).as("reset POSTs for guest " + guest).hasSize(1);
            }
        }
    }

    /** The standby starts once the leader holds the Lease, so which one leads is known. */
    private static RunCommandProcess startAfter(RunCommandProcess leader) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> leader.name().equals(holder()) || !leader.isAlive());
        assertThat(leader.isAlive()).as(leader.output()).isTrue();
        RunCommandProcess standby = RunCommandProcess.replica("replica-b", KUBE, GRAPH.emulator(), SEED.applications().get(0), dir);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> standby.output().contains("running against") || !standby.isAlive());
        assertThat(standby.isAlive()).as(standby.output()).isTrue();
        return standby;
    }

    private static void apply(String guest) {
        KUBE.kubectl("apply", "-f", writeFile(name(guest) + ".yaml",
                ResetResources.manifest(name(guest), "userId: " + userId(guest), name(guest) + "@new.example")).toString());
    }

    private static GuestRedemptionReset awaitReady(String guest) {
        return await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(
                () -> client.resources(GuestRedemptionReset.class).inNamespace("default").withName(name(guest)).get(),
                r -> r != null && r.getStatus() != null && r.getStatus().conditionIsTrue("Ready")
                        && r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration()));
    }

    private static String holder() {
        Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static Lease claimOf(String guest) {
        return client.leases().inNamespace("default").withName("grr-guest-" + userId(guest)).get();
    }

    private static long tokenRequests() {
        return GRAPH.emulator().journal().stream().filter(e -> e.path().contains("/oauth2/v2.0/token")).count();
    }

    /** fault-users.yaml names guests 18 .. 23 leader-a .. leader-f, from @old.example. */
    private static String name(String guest) {
        return "leader-" + (char) ('a' + Integer.parseInt(guest) - 18);
    }

    private static String userId(String guest) {
        return "7e000000-0000-4000-8000-0000000000" + guest;
    }

    private static Path writeFile(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
