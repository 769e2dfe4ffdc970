package io.guestops.grr.kube;

import static io.guestops.grr.testkit.ExtraUsers.GINA;
import static io.guestops.grr.testkit.ExtraUsers.HUGO;
import static io.guestops.grr.testkit.ExtraUsers.KIM;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.ManualClock;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.ExtraUsers;
import io.guestops.grr.testkit.Seeds;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delta watch against the Graph emulator, its polls run by the test one at a time: what it
 * keeps, whom it wakes, and how it behaves when Graph fails.
 */
class DriftWatchTest {

    private static final Duration LINK_LIFETIME = Duration.ofMinutes(5);
    private static final ResourceID GINA_RESOURCE = new ResourceID("gina", "default");
    private static final ResourceID HUGO_RESOURCE = new ResourceID("hugo", "default");
    /** The resources naming each user, as the primary cache's guest index would answer. */
    private static final Map<String, Set<ResourceID>> NAMING = Map.of(GINA, Set.of(GINA_RESOURCE), HUGO, Set.of(HUGO_RESOURCE));

    /** Graph's clock: moved on to let the watch's delta link expire (only ever forward, so it may be the class's). */
    private static final ManualClock GRAPH_CLOCK = new ManualClock(Instant.now());

    /** Put back to the seed before every test, which also empties the journal. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> Seeds.examplesPlus(ExtraUsers.RESOURCE))
            .options(options -> options.clock(GRAPH_CLOCK).deltaTokenLifetime(LINK_LIFETIME));

    private GraphEmulator emulator;
    private SdkGraphGateway graph;
    private final List<ResourceID> woken = new ArrayList<>();
    private final List<Boolean> health = new ArrayList<>();
    private Runnable nextPoll;
    private DriftWatch watch;

    @BeforeEach
    void start() {
        emulator = GRAPH.emulator();
        graph = GraphGateways.create(GRAPH.connection());
        ReconcileListener listener = new ReconcileListener() {
            @Override
            public void driftWatchHealthChanged(boolean healthy) {
                health.add(healthy);
            }
        };
        watch = new DriftWatch(graph, "the operator's default connection", Duration.ofMinutes(1),
                new DriftWatch.Resources(id -> NAMING.getOrDefault(id.toLowerCase(), Set.of()), woken::add),
                (poll, delay) -> nextPoll = poll, Clock.systemUTC(), listener);
        watch.start();
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    @Test
    void theFirstRoundKeepsTheNamedGuestsAndWakesWhoeverWaitedForIt() {
        assertThat(watch.view(GINA)).isInstanceOf(DriftWatch.View.WarmingUp.class);
        watch.wakeAfterBaseline(GINA_RESOURCE);

        poll();

        assertThat(watch.view(GINA)).isInstanceOfSatisfying(DriftWatch.View.Seen.class,
                seen -> assertThat(seen.user().mail()).isEqualTo("gina@partner.example"));
        assertThat(watch.view(KIM)).as("no resource names Kim").isInstanceOf(DriftWatch.View.Unseen.class);
        assertThat(watch.watchedGuests()).isEqualTo(2);
        assertThat(woken).containsExactly(GINA_RESOURCE);
        assertThat(health).containsExactly(true);
    }

    @Test
    void aChangedGuestWakesExactlyTheResourcesNamingIt() {
        poll();
        changeMail(GINA, "gina@portal.example");
        changeMail(KIM, "kim@portal.example");

        poll();

        assertThat(woken).containsExactly(GINA_RESOURCE);
        assertThat(watch.view(GINA)).isInstanceOfSatisfying(DriftWatch.View.Seen.class,
                seen -> assertThat(seen.user().mail()).isEqualTo("gina@portal.example"));
    }

    /**
     * Graph answers an expired link with 410 syncStateNotFound: the watch starts a new round in the
     * same poll, without counting a failure, and the new round still finds a change made after the
     * old link's last round (it compares every named guest with what the watch held).
     */
    @Test
    void anExpiredLinkStartsANewRoundThatStillWakesAGuestChangedBeforeIt() {
        poll();
        changeMail(GINA, "gina@expired.example");
        GRAPH_CLOCK.advance(LINK_LIFETIME.plusMinutes(1));

        poll();

        assertThat(emulator.journal()).filteredOn(e -> e.path().contains("/users/delta")).extracting(JournalEntry::status)
                .contains(410).last().isEqualTo(200);
        assertThat(woken).containsExactly(GINA_RESOURCE);
        assertThat(watch.view(GINA)).isInstanceOfSatisfying(DriftWatch.View.Seen.class,
                seen -> assertThat(seen.user().mail()).isEqualTo("gina@expired.example"));
        assertThat(health).as("an expired link is not a failure of the watch").doesNotContain(false);

        emulator.removeUser(HUGO);
        poll();
        assertThat(woken).as("the new round's link is followed").containsExactly(GINA_RESOURCE, HUGO_RESOURCE);
    }

    @Test
    void aDeletedGuestWakesItsResourceAndIsNoLongerVouchedFor() {
        poll();
        emulator.removeUser(HUGO);

        poll();

        assertThat(woken).containsExactly(HUGO_RESOURCE);
        assertThat(watch.view(HUGO)).isInstanceOf(DriftWatch.View.Unseen.class);
    }

    @Test
    void whileGraphFailsTheWatchIsUnhealthySoEachResourceIsReadAgain() {
        poll();
        // A Retry-After longer than the SDK may wait: the failure reaches the watch at once.
        emulator.faults().add(FaultRule.always("/users/delta", "GET", FaultKind.THROTTLE).withRetryAfter(30));

        poll();
        assertThat(health).containsExactly(true, false);
        assertThat(watch.view(GINA)).isInstanceOf(DriftWatch.View.Unhealthy.class);

        emulator.faults().clear();
        poll();
        assertThat(health).containsExactly(true, false, true);
        assertThat(watch.view(GINA)).isInstanceOf(DriftWatch.View.Seen.class);
    }

    /** An admin's change in the portal. */
    private void changeMail(String userId, String mail) {
        try (SdkGraphGateway admin = GraphGateways.create(DevEnvironment.emulatorConnection(emulator,
                Seeds.examplesPlus(ExtraUsers.RESOURCE)))) {
            admin.updateEmails(userId, new EmailUpdate(mail, null));
        }
    }

    private void poll() {
        Runnable poll = nextPoll;
        nextPoll = null;
        poll.run();
    }
}
