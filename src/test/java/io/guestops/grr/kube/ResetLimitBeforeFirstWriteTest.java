package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.reApplyAndAwaitAdopted;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.patchesTo;
import static io.guestops.grr.testkit.GraphJournal.resetPostsFor;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static io.guestops.grr.testkit.GraphJournal.writesTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, point 2: the policy's blast-radius limit is taken before the first write of a pass. The
 * PATCH of a guest's addresses is part of the reset it prepares, so a resource waiting with
 * ResetLimitReached has written nothing to Graph: neither the 3 of 5 resources a policy allowing 2
 * resets per hour holds back, nor a sixth applied after the limit is used up. Every guest here needs
 * an address change first (desiredEmail is in neither mail nor otherMails). The window is the real
 * hour, so the waiting resources stay waiting while the test looks.
 */
class ResetLimitBeforeFirstWriteTest {

    private static final String HELD = "ResetLimitReached";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/limit-users.yaml", OperatorTimings.endToEndWithPolicies());

    private static String guest(int n) {
        return "7e000000-0000-4000-8000-00000000000" + n;
    }

    private static GuestRedemptionReset resource(int n) {
        return OperatorHarness.resource("limited-" + n, new GuestReference(guest(n), null), "guest" + n + "@limit-new.example");
    }

    @Test
    void resourcesWaitingForTheLimitHaveWrittenNothingNotEvenTheirAddresses() {
        KubernetesClient client = FIXTURE.client();
        // Guests by home domain (their UPN), which the reset does not change.
        applyLimitPolicy(client, "limit-two", "{userPrincipalNameDomains: [limit-a.example]}", 2);
        // One commit of five resources, applied at once.
        IntStream.rangeClosed(1, 5).forEach(n -> OperatorHarness.create(client, resource(n)));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ready(client, 1, 5).size() == 2 && held(client, 1, 5).size() == 3);
        List<Integer> reset = ready(client, 1, 5);
        List<Integer> waiting = held(client, 1, 5);
        reset.forEach(n -> {
            assertThat(resetsOf(FIXTURE.emulator(), guest(n))).as("resets of guest %d", n).hasSize(1);
            assertThat(patchesTo(FIXTURE.emulator(), guest(n))).as("PATCHes of guest %d", n).hasSize(1);
        });
        waiting.forEach(n -> {
            GuestRedemptionReset r = OperatorHarness.get(client, "limited-" + n);
            assertThat(condition(r, "Reconciling").orElseThrow().getMessage())
                    .contains("Policy 'limit-two' allows at most 2 resets per hour", "Nothing was sent to Graph.");
            assertThat(isTrue(r, "Ready")).isFalse();
            assertThat(writesTo(FIXTURE.emulator(), guest(n))).as("Graph writes for waiting guest %d", n).isEmpty();
        });

        // A sixth resource, after the limit is used up: it waits too, and writes nothing.
        OperatorHarness.create(client, resource(6));
        awaitResource(client, "limited-6", ResetLimitBeforeFirstWriteTest::heldByTheLimit);
        assertThat(writesTo(FIXTURE.emulator(), guest(6))).as("Graph writes for the sixth guest").isEmpty();
        waiting.forEach(n -> assertThat(writesTo(FIXTURE.emulator(), guest(n))).as("guest %d", n).isEmpty());

        // The limit holds new resets, not adoptions: a reset resource re-applied adopts its record at once.
        int adopter = reset.get(0);
        reApplyAndAwaitAdopted(FIXTURE, OperatorHarness.get(client, "limited-" + adopter), guest(adopter));
        assertThat(held(client, 1, 6)).hasSize(4);
    }

    @Test
    void aNewResetRequestToTheSameEmailCountsAgainstTheLimit() {
        KubernetesClient client = FIXTURE.client();
        applyLimitPolicy(client, "limit-one", "{mailDomains: [limit-b.example]}", 1);
        createAndAwaitReady(client, 7);
        assertThat(resetPostsFor(FIXTURE.emulator(), guest(7))).hasSize(1);

        // The one reset of the hour is made; asking for another (a new request to the same email) waits.
        client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName("limited-7").edit(r -> {
            r.getSpec().setResetRequest("again-1");
            return r;
        });
        GuestRedemptionReset waiting = awaitResource(client, "limited-7",
                r -> Long.valueOf(2).equals(r.getStatus().getObservedGeneration()) && (heldByTheLimit(r) || settled(r)));
        assertThat(resetPostsFor(FIXTURE.emulator(), guest(7))).as("reset POSTs for guest 7").hasSize(1);
        assertThat(heldByTheLimit(waiting)).as("held by the limit: %s", waiting.getStatus().getConditions()).isTrue();
        assertThat(condition(waiting, "Reconciling").orElseThrow().getMessage())
                .contains("Policy 'limit-one' allows at most 1 resets per hour");
    }

    /**
     * A policy judges a guest by its mail before the operator first changed it. A resource re-created
     * without status takes that mail from the guest's claim (it would otherwise see the mail its own
     * reset set, which the policy's guests.mailDomains no longer covers, and stall with PolicyDenied):
     * it is admitted and adopts its record, writing nothing.
     */
    @Test
    void aResourceReAppliedUnderAMailDomainPolicyAdoptsItsReset() {
        KubernetesClient client = FIXTURE.client();
        applyLimitPolicy(client, "mail-scope", "{mailDomains: [limit-c.example]}", 5);
        GuestRedemptionReset done = createAndAwaitReady(client, 8);

        reApplyAndAwaitAdopted(FIXTURE, done, guest(8));
    }

    /** A policy for the guests {@code guests} selects, to limit-new.example addresses, through the operator's default connection. */
    private static void applyLimitPolicy(KubernetesClient client, String name, String guests, int maxResetsPerHour) {
        Policies.apply(client, name, """
                namespaceSelector: {}
                guests: %s
                desiredEmailDomains: {allowed: [limit-new.example]}
                connections: {operatorDefault: true}
                maxResetsPerHour: %d
                """.formatted(guests, maxResetsPerHour));
    }

    private static GuestRedemptionReset createAndAwaitReady(KubernetesClient client, int n) {
        OperatorHarness.create(client, resource(n));
        return awaitResource(client, "limited-" + n, r -> settled(r) && isTrue(r, "Ready"));
    }

    private static boolean heldByTheLimit(GuestRedemptionReset r) {
        return condition(r, "Reconciling").filter(c -> "True".equals(c.getStatus()) && HELD.equals(c.getReason())).isPresent();
    }

    private static List<Integer> ready(KubernetesClient client, int from, int to) {
        return IntStream.rangeClosed(from, to).filter(n -> {
            GuestRedemptionReset r = OperatorHarness.get(client, "limited-" + n);
            return settled(r) && isTrue(r, "Ready");
        }).boxed().toList();
    }

    private static List<Integer> held(KubernetesClient client, int from, int to) {
        return IntStream.rangeClosed(from, to).filter(n -> heldByTheLimit(OperatorHarness.get(client, "limited-" + n)))
                .boxed().toList();
    }
}
