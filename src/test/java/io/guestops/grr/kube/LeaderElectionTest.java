package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.awaitInFlight;
import static io.guestops.grr.testkit.GraphJournal.holdOnce;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import io.guestops.grr.testkit.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas on one Lease: only the leader talks to Graph, and when it dies mid-work the other
 * takes over within the lease duration and finishes, with exactly one reset per guest.
 */
class LeaderElectionTest {

    /** replica-1 holds the Lease when the test begins, replica-2 stands by. */
    @RegisterExtension
    static final EnvironmentFixture REPLICAS =
            EnvironmentFixture.withReplicas(() -> Seeds.examplesPlus("/e2e/fault-users.yaml"), 2, OperatorTimings.faultTests());
    private static final Duration LEASE_DURATION = OperatorTimings.LEASE_DURATION;

    @Test
    void onlyTheLeaderReconcilesAndTheFollowerTakesOverWhenItDies() {
        DevEnvironment.RunningOperator first = REPLICAS.replicas().get(0);

        List<String> beforeFailover = List.of("18", "19", "20");
        beforeFailover.forEach(LeaderElectionTest::createFor);
        beforeFailover.forEach(LeaderElectionTest::awaitReady);
        assertThat(holder()).isEqualTo("replica-1");
        assertThat(tokenRequests()).as("only the leader ever called Graph (a call needs a token; the follower has none)")
                .isEqualTo(1);

        // The leader dies in the middle of a PATCH.
        FaultRule hold = holdOnce("/users/" + userId("21"), "PATCH", 1000);
        REPLICAS.emulator().faults().add(hold);
        createFor("21");
        awaitInFlight(REPLICAS.emulator(), hold);
        Instant killedAt = Instant.now();
        first.kill();

        await().atMost(LEASE_DURATION.plus(Duration.ofSeconds(2))).pollInterval(Duration.ofMillis(50))
                .until(() -> "replica-2".equals(holder()));
        Duration takeover = Duration.between(killedAt, Instant.now());
        assertThat(takeover).as("takeover after the lease expired").isLessThan(LEASE_DURATION.plus(Duration.ofSeconds(2)));

        List<String> afterFailover = List.of("22", "23");
        afterFailover.forEach(LeaderElectionTest::createFor);
        List.of("21", "22", "23").forEach(LeaderElectionTest::awaitReady);
        assertThat(tokenRequests()).as("the new leader got its own token").isEqualTo(2);

        for (String suffix : List.of("18", "19", "20", "21", "22", "23")) {
            assertThat(resetsOf(REPLICAS.emulator(), userId(suffix))).as("effective resets of user " + suffix).singleElement()
                    .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).isEqualTo(desiredEmail(suffix)));
        }
        assertThat(REPLICAS.emulator().journal()).noneMatch(JournalEntry::memberConverted);
    }

    private static String holder() {
        return REPLICAS.leaseHolder(OperatorTimings.LEASE);
    }

    private static long tokenRequests() {
        return REPLICAS.emulator().journal().stream().filter(e -> e.path().contains("/oauth2/v2.0/token")).count();
    }

    private static String userId(String suffix) {
        return "7e000000-0000-4000-8000-0000000000" + suffix;
    }

    /** The seed names these guests leader-a .. leader-f (suffixes 18 .. 23). */
    private static String name(String suffix) {
        return "leader-" + (char) ('a' + Integer.parseInt(suffix) - 18);
    }

    private static String desiredEmail(String suffix) {
        return name(suffix) + "@new.example";
    }

    private static void createFor(String suffix) {
        create(REPLICAS.client(), OperatorHarness.resource(name(suffix), new GuestReference(userId(suffix), null), desiredEmail(suffix)));
    }

    private static void awaitReady(String suffix) {
        awaitResource(REPLICAS.client(), name(suffix), r -> settled(r) && isTrue(r, "Ready"));
    }
}
