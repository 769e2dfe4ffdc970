package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import io.guestops.grr.testkit.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8's blast-radius limit: a burst of 50 resources under a policy allowing 10 resets per
 * window is held to 10 per window while the others wait (Reconciling, ResetLimitReached, saying
 * when they continue), and continues window after window until every guest is reset exactly once.
 * The window is 5 s here instead of an hour; 10 reconcile threads race for the budget.
 */
class BlastRadiusTest {

    private static final int RESOURCES = 50;
    private static final int LIMIT = 10;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    /** The most a reset POST may trail its reservation (one pass's intent write and token), on a loaded machine. */
    private static final Duration RESERVATION_TO_POST = Duration.ofMillis(1500);

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperator(
                    () -> Seeds.examplesPlusAcceptedGuests(IntStream.range(0, RESOURCES), BlastRadiusTest::userId, "burst.example"),
                    OperatorTimings.endToEndWithPolicies().toBuilder().resetLimitWindow(WINDOW).threads(10).build());

    private static String userId(int i) {
        return String.format(Locale.ROOT, "b1a57000-0000-4000-8000-%012d", i);
    }

    @Test
    void aBurstIsHeldToTheLimitPerWindowAndContinuesAfterIt() {
        KubernetesClient client = FIXTURE.client();
        Policies.apply(client, "burst", """
                namespaceSelector: {}
                guests: {mailDomains: [burst.example]}
                desiredEmailDomains: {allowed: [new.example]}
                connections: {operatorDefault: true}
                maxResetsPerHour: %d
                """.formatted(LIMIT));
        IntStream.range(0, RESOURCES).forEach(i -> OperatorHarness.create(client, OperatorHarness.resource("burst-" + i,
                new GuestReference(userId(i), null), "guest" + i + "@new.example")));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> resources(client).stream().anyMatch(BlastRadiusTest::heldByTheLimit));
        GuestRedemptionReset held = resources(client).stream().filter(BlastRadiusTest::heldByTheLimit).findFirst().orElseThrow();
        assertThat(condition(held, "Reconciling").orElseThrow().getMessage())
                .contains("Policy 'burst' allows at most " + LIMIT + " resets per 5 s")
                .contains("this resource resets when the oldest leaves the window, at ")
                .contains("Nothing was sent to Graph.");
        assertThat(isTrue(held, "Ready")).isFalse();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> resources(client).stream().filter(r -> OperatorHarness.settled(r) && isTrue(r, "Ready")).count() == RESOURCES);

        Map<String, Long> resetsPerGuest = FIXTURE.emulator().directory().invitations().stream()
                .filter(InvitationRecord::resetRedemption).filter(i -> i.invitedUserId().startsWith("b1a57000"))
                .collect(Collectors.groupingBy(InvitationRecord::invitedUserId, Collectors.counting()));
        assertThat(resetsPerGuest).hasSize(RESOURCES).allSatisfy((guest, resets) -> assertThat(resets).isEqualTo(1L));
        assertThat(resources(client)).allSatisfy(r -> assertThat(r.getStatus().getAdmittedBy()).isEqualTo("burst"));

        List<Instant> posts = FIXTURE.emulator().journal().stream()
                .filter(e -> "POST".equals(e.method()) && e.path().contains("invitations") && e.status() == 201)
                .map(JournalEntry::time).sorted().toList();
        assertThat(posts).hasSize(RESOURCES);
        Duration span = WINDOW.minus(RESERVATION_TO_POST);
        for (Instant start : posts) {
            long inWindow = posts.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plus(span))).count();
            assertThat(inWindow).as("resets within %s of %s", span, start).isLessThanOrEqualTo(LIMIT);
        }
        Duration waves = Duration.between(posts.get(0), posts.get(posts.size() - 1));
        assertThat(waves).as("five waves of ten, one window apart")
                .isGreaterThanOrEqualTo(WINDOW.multipliedBy(RESOURCES / LIMIT - 1).minus(RESERVATION_TO_POST));
    }

    private static boolean heldByTheLimit(GuestRedemptionReset r) {
        return condition(r, "Reconciling").filter(c -> "True".equals(c.getStatus()) && "ResetLimitReached".equals(c.getReason()))
                .isPresent();
    }

    private static List<GuestRedemptionReset> resources(KubernetesClient client) {
        return client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).list().getItems();
    }
}
