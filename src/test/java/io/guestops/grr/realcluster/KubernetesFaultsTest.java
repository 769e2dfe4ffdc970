package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.realcluster.KubeFaults.Injected;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator on a real Kubernetes API server, through each kind of fault the API server or the way
 * to it can have, with the Graph emulator behind and several resources in flight. Each test ends with
 * exactly one reset per request in Graph's journal, every resource's status true (Ready for its email,
 * generation observed, nothing pending; the member's resource Stalled/NotAGuest) and none stuck, and
 * prints what was injected. Each test has its own namespace, proxy and operator, and the class's emulator put back to its guests.
 */
class KubernetesFaultsTest {

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    /** Each scenario puts it back to its own guests (see FaultScenario). */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seeds::examples).keepingStateAcrossTests();

    /** How long a proxy outage lasts (the API server itself is up). */
    private static final Duration PROXY_OUTAGE = Duration.ofSeconds(4);

    /**
     * Two replicas with leader election (a leader that loses its Lease is replaced, as `run` exits and
     * its pod restarts). Both outages outlast the 1.5 s renew deadline, yet the leader usually keeps
     * its Lease: Fabric8 retries the renewal's request until the API server answers, and nobody else
     * could write the Lease meanwhile. Either way the work is done once, by one leader.
     */
    @Test
    void theApiServerGoesDownWhileResetsAreIssued() {
        try (FaultScenario scenario = new FaultScenario(KUBE, GRAPH.emulator(), "down", 10, 181)) {
            // each reset POST takes 400 ms in Graph, so resets are in flight when the API server goes
            scenario.emulator().faults().add(new FaultRule("/invitations", "POST", FaultKind.LATENCY, null, null, null, 400L));
            scenario.startLeaderElectedReplicas(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> scenario.leader() != null);
            scenario.createMembersResource();
            scenario.createResources(0, 6);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> scenario.resetPosts() >= 1);
            long postsWhenStopped = scenario.resetPosts();

            KUBE.restart(Duration.ofSeconds(5));
            scenario.awaitAllSettled();

            scenario.createResources(6, 10);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> scenario.resetPosts() >= 7);
            scenario.proxy().down();
            await().pollDelay(PROXY_OUTAGE).atMost(PROXY_OUTAGE.plusSeconds(1)).until(() -> true);
            scenario.proxy().up();
            scenario.awaitAllSettled();

            scenario.assertExactlyOneResetPerRequestAndTruthfulStatus();
            scenario.assertLogsKeepSecrets();
            assertThat(scenario.leader()).as("one replica leads after the outages").isNotNull();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("replicas (leader election, 1.5 s renew deadline)", 2);
            extra.put("leaders that lost the Lease (replaced)", scenario.leadersReplaced());
            extra.put("API server restarts (5 s down)", 1);
            extra.put("reset POSTs sent when it stopped", postsWhenStopped);
            extra.put("proxy outage (s)", PROXY_OUTAGE.toSeconds());
            scenario.printSummary(extra);
        }
    }

    @Test
    void watchesRelistAfter410GoneAndMissNothing() {
        try (FaultScenario scenario = new FaultScenario(KUBE, GRAPH.emulator(), "relist", 8, 182)) {
            scenario.startReplica(UnaryOperator.identity());
            scenario.proxy().closeWatchesEvery(Duration.ofSeconds(3));
            // the restarted watch cache starts after the gap's changes: the operator's watches resume too far back
            long listsBefore = scenario.cutOffUntilResumePointsAreGone(() -> KUBE.restart(Duration.ZERO));
            scenario.assertExactlyOneResetPerRequestAndTruthfulStatus();
            scenario.assertLogsKeepSecrets();
            scenario.printSummary(Map.of("lists before the gap", listsBefore));
        }
    }

    @Test
    void aConflictStormOnStatusWrites() {
        try (FaultScenario scenario = new FaultScenario(KUBE, GRAPH.emulator(), "conflicts", 10, 183)) {
            scenario.proxy().faults().conflictOnStatusWrites(0.7);
            scenario.startReplica(UnaryOperator.identity());
            scenario.createMembersResource();
            scenario.createResources(0, 10);

            scenario.awaitAllSettled();

            assertThat(scenario.injected(Injected.STATUS_CONFLICT_409)).isGreaterThanOrEqualTo(10);
            scenario.assertExactlyOneResetPerRequestAndTruthfulStatus();
            scenario.assertLogsKeepSecrets();
            scenario.printSummary(Map.of("share of status writes answered 409", 0.7));
        }
    }

    @Test
    void throttledUnavailableAndSlowRequests() {
        try (FaultScenario scenario = new FaultScenario(KUBE, GRAPH.emulator(), "throttled", 10, 184)) {
            scenario.proxy().faults().throttle(0.15, Duration.ofSeconds(1), head -> true)
                    .unavailable(0.10, head -> true).latency(Duration.ofMillis(150));
            scenario.startReplica(UnaryOperator.identity());
            scenario.createMembersResource();
            scenario.createResources(0, 10);

            scenario.awaitAllSettled();

            assertThat(scenario.injected(Injected.THROTTLED_429)).isPositive();
            assertThat(scenario.injected(Injected.UNAVAILABLE_503)).isPositive();
            scenario.assertExactlyOneResetPerRequestAndTruthfulStatus();
            scenario.assertLogsKeepSecrets();
            scenario.printSummary(Map.of("shares", "429: 15 %, 503: 10 % of the rest, +150 ms each"));
        }
    }
}
