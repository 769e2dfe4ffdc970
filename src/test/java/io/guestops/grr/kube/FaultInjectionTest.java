package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.get;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.fired;
import static io.guestops.grr.testkit.GraphJournal.holdOnce;
import static io.guestops.grr.testkit.GraphJournal.requestsTo;
import static io.guestops.grr.testkit.GraphJournal.resetPostsFor;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "The reset happens exactly once, whatever fails": a fault at every step of the reconcile (Graph
 * answers, lost answers, status writes, a crashed replica), each on its own guest. Every test ends
 * with the resource Ready (or Stalled where a person must act), exactly one effective reset of that
 * guest to the desired email (none when stalled), no member converted, and a status that says what
 * happened.
 */
class FaultInjectionTest {

    private static final String SETTLE_WINDOW_NOTE = "the settle window is 2 s (OperatorHarness.faultSettings)";
    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(2);

    /** One replica at first; a test that kills it gets a new one for the next (see isolateTheNextScenario). */
    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/fault-users.yaml",
            OperatorTimings.faultTests());

    private static DevEnvironment.RunningOperator operator;

    @BeforeAll
    static void shortcuts() {
        operator = DEV.operator();
    }

    /**
     * A scenario's faults, resources and a killed replica never leak into the next one (a stalled
     * resource would be retried when a replica starts, and its POST would meet the next scenario's
     * faults). Deleting a resource changes nothing in Entra ID.
     */
    @AfterEach
    void isolateTheNextScenario() {
        DEV.emulator().faults().clear();
        DEV.client().resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> DEV.client().resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).list().getItems().isEmpty());
        if (operator == null) {
            startOperator();
        }
    }

    /** A crash: the replica's Kubernetes connection goes first, so it cannot record what it was doing. */
    private static void killOperator() {
        operator.kill();
        operator = null;
    }

    private static void startOperator() {
        operator = DEV.environment().startOperator(OperatorTimings.faultTests());
    }

    // ---- PATCH of mail/otherMails ------------------------------------------------------------

    @Test
    void aPatchRefusedOnceWith503IsRetriedAndTheGuestIsResetOnce() {
        Guest guest = Guest.needingPatch("01", "patch-503-once");
        DEV.emulator().faults().add(FaultRule.times("/users/" + guest.id, "PATCH", FaultKind.UNAVAILABLE, 1));
        create(DEV.client(), guest.resource());

        GuestRedemptionReset done = awaitReady(guest);
        List<JournalEntry> patches = requestsTo(DEV.emulator(), "PATCH", guest.id);
        assertThat(patches).extracting(JournalEntry::status).containsExactly(503, 204);
        assertThat(Duration.between(patches.get(0).time(), patches.get(1).time()))
                .as("the retry waited (the SDK's backoff)").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void aPatchRefusedSeveralTimesWaitsWithBackoffAndSaysGraphUnavailable() {
        Guest guest = Guest.needingPatch("02", "patch-503-thrice");
        // The SDK tries three times per call; four refusals make the operator itself wait.
        DEV.emulator().faults().add(FaultRule.times("/users/" + guest.id, "PATCH", FaultKind.UNAVAILABLE, 4));
        create(DEV.client(), guest.resource());

        GuestRedemptionReset waiting = awaitStatus(guest, r -> "GraphUnavailable".equals(reconcilingReason(r))
                && r.getStatus().getNextRetryAt() != null);
        assertThat(condition(waiting, "Reconciling").orElseThrow().getStatus()).isEqualTo("True");
        assertThat(condition(waiting, "Reconciling").orElseThrow().getMessage()).contains("HTTP 503");
        assertThat(waiting.getStatus().getConsecutiveFailures()).isPositive();
        assertThat(isTrue(waiting, "Ready")).isFalse();

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(requestsTo(DEV.emulator(), "PATCH", guest.id)).extracting(JournalEntry::status).containsExactly(503, 503, 503, 503, 204);
        assertThat(done.getStatus().getNextRetryAt()).as("no retry pending once Ready").isNull();
        assertThat(done.getStatus().getConsecutiveFailures()).isZero();
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void aPatchWhoseAnswerIsLostIsSeenOnTheNextPassAndTheGuestIsResetOnce() {
        Guest guest = Guest.needingPatch("03", "patch-drop");
        DEV.emulator().faults().add(FaultRule.times("/users/" + guest.id, "PATCH", FaultKind.COMMIT_THEN_DROP, 1));
        create(DEV.client(), guest.resource());

        GuestRedemptionReset done = awaitReady(guest);
        List<JournalEntry> patches = requestsTo(DEV.emulator(), "PATCH", guest.id);
        assertThat(patches.get(0).connectionDropped()).isTrue();
        assertThat(patches.get(0).effective()).as("the dropped PATCH took effect").isTrue();
        assertThat(DEV.emulator().directory().user(guest.id).orElseThrow().mail()).isEqualTo(guest.desiredEmail());
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    // ---- the read that confirms the addresses after the PATCH ---------------------------------

    @Test
    void aThrottledConfirmingReadWaitsAsLongAsRetryAfterSaysAndSaysThrottled() {
        Guest guest = Guest.needingPatch("04", "read-429");
        // Found by its mail first (a collection query), so GET /users/{id} is the read after the PATCH.
        // Retry-After 2 s is longer than the operator's own longest backoff (1 s).
        FaultRule throttle = FaultRule.times("/users/" + guest.id, "GET", FaultKind.THROTTLE, 3).withRetryAfter(2);
        DEV.emulator().faults().add(throttle);
        create(DEV.client(), guest.resourceByEmail());

        GuestRedemptionReset waiting = awaitStatus(guest, r -> "Throttled".equals(reconcilingReason(r))
                && r.getStatus().getNextRetryAt() != null);
        assertThat(condition(waiting, "Reconciling").orElseThrow().getMessage()).contains("retry after 2s");

        GuestRedemptionReset done = awaitReady(guest);
        List<JournalEntry> reads = requestsTo(DEV.emulator(), "GET", guest.id);
        assertThat(reads).extracting(JournalEntry::status).startsWith(429, 429, 429, 200);
        for (int i = 1; i < 4; i++) {
            assertThat(Duration.between(reads.get(i - 1).time(), reads.get(i).time()))
                    .as("read %d came at least Retry-After after the throttled one", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
        // The read after the PATCH travels in a $batch, whose throttled part the SDK does not retry:
        // the operator itself waits, and says until when.
        assertThat(Instant.parse(waiting.getStatus().getNextRetryAt()))
                .as("status.nextRetryAt honours Retry-After").isAfterOrEqualTo(reads.get(0).time().plusSeconds(2));
        assertThat(requestsTo(DEV.emulator(), "PATCH", guest.id)).hasSize(1);
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void aConfirmingReadThatTimesOutIsRetriedAndSaysGraphUnavailable() {
        Guest guest = Guest.needingPatch("05", "read-504");
        DEV.emulator().faults().add(FaultRule.times("/users/" + guest.id, "GET", FaultKind.GATEWAY_TIMEOUT, 3));
        create(DEV.client(), guest.resourceByEmail());

        GuestRedemptionReset waiting = awaitStatus(guest, r -> "GraphUnavailable".equals(reconcilingReason(r))
                && r.getStatus().getNextRetryAt() != null);
        assertThat(condition(waiting, "Reconciling").orElseThrow().getMessage()).contains("HTTP 504");

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(requestsTo(DEV.emulator(), "GET", guest.id)).extracting(JournalEntry::status).startsWith(504, 504, 504, 200);
        assertThat(requestsTo(DEV.emulator(), "PATCH", guest.id)).hasSize(1);
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    // ---- the reset POST ------------------------------------------------------------------------

    @Test
    void aResetWhoseAnswerIsLostIsConfirmedFromTheUsersStateAndNeverSentAgain() {
        Guest guest = Guest.ready("06", "post-drop");
        DEV.emulator().faults().add(FaultRule.times("/invitations", "POST", FaultKind.COMMIT_THEN_DROP, 1));
        create(DEV.client(), guest.resource());

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(condition(done, "RedemptionReset").orElseThrow().getMessage()).contains("confirmed from the user's state");
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).singleElement().satisfies(post -> {
            assertThat(post.connectionDropped()).isTrue();
            assertThat(post.effective()).isTrue();
        });
        assertExactlyOneReset(guest, done, ConfirmedBy.USER_STATE);
    }

    @Test
    void aResetRefusedWith503IsSentAgainOnlyAfterTheSettleWindow() {
        resetNotAppliedIsSentAgainAfterTheSettleWindow(Guest.ready("07", "post-503"), FaultKind.UNAVAILABLE, 503);
    }

    @Test
    void aResetThatTimesOutWith504IsSentAgainOnlyAfterTheSettleWindow() {
        resetNotAppliedIsSentAgainAfterTheSettleWindow(Guest.ready("08", "post-504"), FaultKind.GATEWAY_TIMEOUT, 504);
    }

    @Test
    void aThrottledResetIsSentAgainOnlyAfterTheSettleWindow() {
        resetNotAppliedIsSentAgainAfterTheSettleWindow(Guest.ready("09", "post-429"), FaultKind.THROTTLE, 429);
    }

    private void resetNotAppliedIsSentAgainAfterTheSettleWindow(Guest guest, FaultKind fault, int httpStatus) {
        DEV.emulator().faults().add(FaultRule.times("/invitations", "POST", fault, 1));
        create(DEV.client(), guest.resource());

        GuestRedemptionReset waiting = awaitStatus(guest, r -> r.getStatus().getPendingReset() != null
                && "ResetOutcomeUnknown".equals(reconcilingReason(r)));
        PendingReset pending = waiting.getStatus().getPendingReset();
        assertThat(pending.getEmail()).isEqualTo(guest.desiredEmail());
        assertThat(condition(waiting, "RedemptionReset").orElseThrow().getReason()).isEqualTo("ResetPending");

        GuestRedemptionReset done = awaitReady(guest);
        List<JournalEntry> posts = resetPostsFor(DEV.emulator(), guest.id);
        assertThat(posts).extracting(JournalEntry::status).containsExactly(httpStatus, 201);
        assertThat(posts.get(1).time()).as("re-sent only after " + SETTLE_WINDOW_NOTE)
                .isAfterOrEqualTo(Instant.parse(pending.getAttemptedAt()).plus(SETTLE_WINDOW));
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void aResetGraphForbidsIsStalledWithGraphsCodeAndNothingChanges() {
        Guest guest = Guest.ready("10", "post-403");
        DEV.client().resource(new SecretBuilder().withNewMetadata().withName("invite-only-app").withNamespace(NAMESPACE)
                .addToLabels("guestops.io/connection", "true").endMetadata()
                .addToStringData("tenantId", "3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c")
                .addToStringData("clientId", "5b5b0000-0000-4000-8000-000000000403")
                .addToStringData("clientSecret", "invite-only-emulator-secret").build()).create();
        GuestRedemptionReset resource = guest.resource();
        ConnectionSpec connection = new ConnectionSpec();
        connection.setSecretName("invite-only-app");
        resource.getSpec().setConnection(connection);
        create(DEV.client(), resource);

        GuestRedemptionReset done = awaitSettled(guest);
        assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo("GraphAccessDenied");
        assertThat(condition(done, "Stalled").orElseThrow().getMessage()).contains("Authorization_RequestDenied", "403")
                .doesNotContain("invite-only-emulator-secret");
        assertThat(done.getStatus().getPendingReset()).as("a refused reset leaves no pending intent").isNull();
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).extracting(JournalEntry::status).containsExactly(403);
        assertNoReset(guest);
    }

    @Test
    void aResetGraphRejectsIsStalledWithGraphsCodeAndNothingChanges() throws Exception {
        Guest guest = Guest.ready("11", "post-400");
        FaultRule hold = holdOnce("/invitations", "POST", 3000);
        DEV.emulator().faults().add(hold);
        create(DEV.client(), guest.resource());

        // While the reset is in flight an administrator takes the desired address off the user, so
        // Graph refuses the reset: the email is no longer on the user object. The operator did not
        // change the addresses just before, so this is not replication lag: it stalls with Graph's
        // code and does not send the refused write again on a timer.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> fired(DEV.emulator(), hold));
        try (SdkGraphGateway admin = GraphGateways.create(DEV.environment().graphConnection())) {
            assertThat(admin.updateEmails(guest.id, new EmailUpdate("post-400@elsewhere.example", List.of())).isSuccess()).isTrue();
        }

        GuestRedemptionReset done = awaitSettled(guest);
        assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo("GraphRejected");
        assertThat(condition(done, "Stalled").orElseThrow().getMessage()).contains("BadRequest", "400");
        assertThat(done.getStatus().getPendingReset()).isNull();
        assertThat(done.getStatus().getNextRetryAt()).as("a refused write is not retried on a timer").isNull();
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).extracting(JournalEntry::status).containsExactly(400);
        assertNoReset(guest);
    }

    // ---- the role check before the reset -----------------------------------------------------

    @Test
    void aRoleHolderWhoseRolesCannotBeReadIsNeverResetAndEndsStalledForItsRole() {
        Guest guest = Guest.ready("24", "role-holder");
        // Three refusals exhaust the SDK's retries: the operator does not know the roles for a while.
        DEV.emulator().faults().add(FaultRule.times("/roleManagement/directory/roleAssignments", "GET", FaultKind.UNAVAILABLE, 3));
        create(DEV.client(), guest.resource());

        GuestRedemptionReset done = awaitSettled(guest);
        assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo("UserHoldsDirectoryRole");
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).as("no reset is attempted while the roles are unknown").isEmpty();
        assertNoReset(guest);
    }

    // ---- status writes -------------------------------------------------------------------------

    @Test
    void whenTheIntentCannotBeRecordedBecauseOfAConflictNoResetIsSent() {
        theIntentWriteFailsAndNoResetIsSentForThatAttempt(Guest.ready("12", "intent-409"), 409, 2);
    }

    @Test
    void whenTheIntentCannotBeRecordedBecauseTheApiServerFailsNoResetIsSent() {
        theIntentWriteFailsAndNoResetIsSentForThatAttempt(Guest.ready("13", "intent-500"), 500, 1);
    }

    /** The guest needs no PATCH, so the first status write of its resource is the reset intent. */
    private void theIntentWriteFailsAndNoResetIsSentForThatAttempt(Guest guest, int httpStatus, int times) {
        DEV.environment().kubernetes().failStatusWrites(NAMESPACE, guest.name, times, httpStatus);
        create(DEV.client(), guest.resource());

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).as("one POST: none for the attempts whose intent was not recorded")
                .extracting(JournalEntry::status).containsExactly(201);
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void whenTheStatusWriteAfterASuccessfulResetFailsGraphsAnswerIsStillRecorded() {
        Guest guest = Guest.ready("14", "record-500");
        FaultRule hold = holdOnce("/invitations", "POST", 1500);
        DEV.emulator().faults().add(hold);
        create(DEV.client(), guest.resource());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> fired(DEV.emulator(), hold));
        assertThat(get(DEV.client(), guest.name).getStatus().getPendingReset()).as("the intent is durable before the POST").isNotNull();
        DEV.environment().kubernetes().failStatusWrites(NAMESPACE, guest.name, 1, 500);

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).extracting(JournalEntry::status).containsExactly(201);
        // Graph's 201 is kept (in memory, then merged into status): it is never downgraded to an
        // inference from the user's state while the replica that got it lives.
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void whenTheRecordWriteLosesARaceGraphsAnswerIsMergedIntoTheLatestStatus() {
        Guest guest = Guest.ready("25", "record-409");
        FaultRule hold = holdOnce("/invitations", "POST", 1500);
        DEV.emulator().faults().add(hold);
        create(DEV.client(), guest.resource());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> fired(DEV.emulator(), hold));
        DEV.environment().kubernetes().failStatusWrites(NAMESPACE, guest.name, 1, 409);

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).extracting(JournalEntry::status).containsExactly(201);
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    // ---- a replica killed between two steps --------------------------------------------------

    @Test
    void killedAfterThePatchBeforeItsStatusTheNextReplicaResetsOnce() {
        Guest guest = Guest.needingPatch("15", "kill-after-patch");
        FaultRule hold = holdOnce("/users/" + guest.id, "PATCH", 1500);
        DEV.emulator().faults().add(hold);
        create(DEV.client(), guest.resource());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> fired(DEV.emulator(), hold));
        killOperator();
        // The PATCH the dead replica sent still lands; its status never will.
        await().atMost(Duration.ofSeconds(30)).until(() -> guest.desiredEmail().equals(DEV.emulator().directory().user(guest.id).orElseThrow().mail()));
        GuestRedemptionReset interim = get(DEV.client(), guest.name);
        assertThat(interim.getStatus().getEmailsUpdatedAt()).as("the dead replica recorded nothing after its PATCH").isNull();
        assertThat(interim.getStatus().condition("Reconciling")).as("what it recorded before the PATCH says what it was doing")
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("UpdatingEmails"));
        assertThat(interim.getStatus().getObservedGeneration()).isEqualTo(interim.getMetadata().getGeneration());
        startOperator();

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(requestsTo(DEV.emulator(), "PATCH", guest.id)).as("the next replica saw the addresses and did not PATCH again")
                .extracting(JournalEntry::status).containsExactly(204);
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void killedAfterTheIntentWithTheResetLostTheNextReplicaSendsItOnceAfterTheSettleWindow() {
        Guest guest = Guest.ready("16", "kill-before-post-completes");
        FaultRule hold = holdOnce("/invitations", "POST", 1500);
        DEV.emulator().faults().add(hold);
        // The held request never takes effect: Graph fails it after the latency.
        DEV.emulator().faults().add(FaultRule.times("/invitations", "POST", FaultKind.UNAVAILABLE, 1));
        create(DEV.client(), guest.resource());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> fired(DEV.emulator(), hold));
        PendingReset pending = get(DEV.client(), guest.name).getStatus().getPendingReset();
        assertThat(pending).as("the intent is durable before the POST").isNotNull();
        killOperator();
        await().atMost(Duration.ofSeconds(30)).until(() -> !resetPostsFor(DEV.emulator(), guest.id).isEmpty());
        startOperator();

        GuestRedemptionReset done = awaitReady(guest);
        List<JournalEntry> posts = resetPostsFor(DEV.emulator(), guest.id);
        assertThat(posts).extracting(JournalEntry::status).containsExactly(503, 201);
        assertThat(posts.get(1).time()).as("re-sent only after " + SETTLE_WINDOW_NOTE)
                .isAfterOrEqualTo(Instant.parse(pending.getAttemptedAt()).plus(SETTLE_WINDOW));
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    /**
     * The new replica starts while the dead one's reset is still in flight: it finds the intent,
     * sees no effect yet, and waits out the settle window instead of sending again. This holds
     * because Graph applies the request (after 1.5 s) within the settle window (2 s).
     */
    @Test
    void killedAfterTheResetBeforeItsRecordTheNextReplicaConfirmsItFromGraph() {
        Guest guest = Guest.ready("17", "kill-after-post");
        FaultRule hold = holdOnce("/invitations", "POST", 1500);
        DEV.emulator().faults().add(hold);
        create(DEV.client(), guest.resource());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> fired(DEV.emulator(), hold));
        assertThat(get(DEV.client(), guest.name).getStatus().getPendingReset()).as("the intent is durable before the POST").isNotNull();
        killOperator();
        startOperator();

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).extracting(JournalEntry::status).containsExactly(201);
        assertExactlyOneReset(guest, done, ConfirmedBy.USER_STATE);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A scenario's guest: "needing a PATCH" has mail at old.example; "ready" already has the desired email. */
    private record Guest(String id, String name, String oldMail) {

        static Guest needingPatch(String suffix, String name) {
            return new Guest("7e000000-0000-4000-8000-0000000000" + suffix, name, name + "@old.example");
        }

        static Guest ready(String suffix, String name) {
            return new Guest("7e000000-0000-4000-8000-0000000000" + suffix, name, name + "@new.example");
        }

        String desiredEmail() {
            return name + "@new.example";
        }

        GuestRedemptionReset resource() {
            return OperatorHarness.resource(name, new GuestReference(id, null), desiredEmail());
        }

        GuestRedemptionReset resourceByEmail() {
            return OperatorHarness.resource(name, new GuestReference(null, oldMail), desiredEmail());
        }
    }

    private static GuestRedemptionReset awaitReady(Guest guest) {
        return awaitStatus(guest, r -> settled(r) && isTrue(r, "Ready"));
    }

    private static GuestRedemptionReset awaitSettled(Guest guest) {
        return awaitStatus(guest, OperatorHarness::settled);
    }

    /** Polls often: some states (a wait of a few hundred milliseconds) are short. */
    private static GuestRedemptionReset awaitStatus(Guest guest, Predicate<GuestRedemptionReset> condition) {
        AtomicReference<GuestRedemptionReset> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25)).until(() -> {
            GuestRedemptionReset current = get(DEV.client(), guest.name);
            seen.set(current);
            return current != null && current.getStatus() != null && condition.test(current);
        });
        return seen.get();
    }

    private static String reconcilingReason(GuestRedemptionReset r) {
        return condition(r, "Reconciling").filter(c -> "True".equals(c.getStatus())).map(c -> c.getReason()).orElse(null);
    }

    private static void assertExactlyOneReset(Guest guest, GuestRedemptionReset done, String confirmedBy) {
        assertThat(resetsOf(DEV.emulator(), guest.id)).as("effective resets of " + guest.name).singleElement()
                .satisfies(reset -> assertThat(reset.invitedUserEmailAddress()).isEqualTo(guest.desiredEmail()));
        assertThat(done.getStatus().getReset()).as("status.reset").isNotNull();
        assertThat(done.getStatus().getReset().getEmail()).isEqualTo(guest.desiredEmail());
        assertThat(done.getStatus().getReset().getConfirmedBy()).isEqualTo(confirmedBy);
        assertThat(done.getStatus().getPendingReset()).as("no intent left pending").isNull();
        assertThat(isTrue(done, "RedemptionReset")).isTrue();
        assertThat(isTrue(done, "EmailSynced")).isTrue();
        assertThat(DEV.emulator().directory().user(guest.id).orElseThrow().externalUserState()).isEqualTo("PendingAcceptance");
        assertThat(DEV.emulator().journal()).noneMatch(JournalEntry::memberConverted);
    }

    private static void assertNoReset(Guest guest) {
        assertThat(resetsOf(DEV.emulator(), guest.id)).as("effective resets of " + guest.name).isEmpty();
        assertThat(DEV.emulator().directory().user(guest.id).orElseThrow().externalUserState()).isEqualTo("Accepted");
        assertThat(DEV.emulator().journal()).noneMatch(JournalEntry::memberConverted);
    }
}
