package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.get;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.awaitInFlight;
import static io.guestops.grr.testkit.GraphJournal.holdOnce;
import static io.guestops.grr.testkit.GraphJournal.requestsTo;
import static io.guestops.grr.testkit.GraphJournal.resetPostsFor;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        createWithFaults(guest.resource(), FaultRule.times("/users/" + guest.id, "PATCH", FaultKind.UNAVAILABLE, 1));

        List<JournalEntry> patches = patchesOnceReady(guest);
        assertThat(patches).extracting(JournalEntry::status).containsExactly(503, 204);
        assertThat(Duration.between(patches.get(0).time(), patches.get(1).time()))
                .as("the retry waited (the SDK's backoff)").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPatchRefusedSeveralTimesWaitsWithBackoffAndSaysGraphUnavailable() {
        Guest guest = Guest.needingPatch("02", "patch-503-thrice");
        // The SDK tries three times per call; four refusals make the operator itself wait.
        createWithFaults(guest.resource(), FaultRule.times("/users/" + guest.id, "PATCH", FaultKind.UNAVAILABLE, 4));

        GuestRedemptionReset waiting = awaitWaitingToRetry(guest, "GraphUnavailable", "HTTP 503");
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
        createWithFaults(guest.resource(), FaultRule.times("/users/" + guest.id, "PATCH", FaultKind.COMMIT_THEN_DROP, 1));

        List<JournalEntry> patches = patchesOnceReady(guest);
        assertThat(patches.get(0).connectionDropped()).isTrue();
        assertThat(patches.get(0).effective()).as("the dropped PATCH took effect").isTrue();
        assertThat(DEV.emulator().directory().user(guest.id).orElseThrow().mail()).isEqualTo(guest.desiredEmail());
    }

    // ---- the read that confirms the addresses after the PATCH ---------------------------------

    @Test
    void aThrottledConfirmingReadWaitsAsLongAsRetryAfterSaysAndSaysThrottled() {
        Guest guest = Guest.needingPatch("04", "read-429");
        // Found by its mail first (a collection query), so GET /users/{id} is the read after the PATCH.
        // Retry-After 2 s is longer than the operator's own longest backoff (1 s).
        createWithFaults(guest.resourceByEmail(),
                FaultRule.times("/users/" + guest.id, "GET", FaultKind.THROTTLE, 3).withRetryAfter(2));

        GuestRedemptionReset waiting = awaitWaitingToRetry(guest, "Throttled", "retry after 2s");
        assertThat(patchesOnceReady(guest)).hasSize(1);
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
    }

    @Test
    void aConfirmingReadThatTimesOutIsRetriedAndSaysGraphUnavailable() {
        Guest guest = Guest.needingPatch("05", "read-504");
        createWithFaults(guest.resourceByEmail(), FaultRule.times("/users/" + guest.id, "GET", FaultKind.GATEWAY_TIMEOUT, 3));

        awaitWaitingToRetry(guest, "GraphUnavailable", "HTTP 504");
        assertThat(patchesOnceReady(guest)).hasSize(1);
        assertThat(requestsTo(DEV.emulator(), "GET", guest.id)).extracting(JournalEntry::status).startsWith(504, 504, 504, 200);
    }

    // ---- the reset POST ------------------------------------------------------------------------

    @Test
    void aResetWhoseAnswerIsLostIsConfirmedFromTheUsersStateAndNeverSentAgain() {
        Guest guest = Guest.ready("06", "post-drop");
        createWithFaults(guest.resource(), FaultRule.times("/invitations", "POST", FaultKind.COMMIT_THEN_DROP, 1));

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(condition(done, "RedemptionReset").orElseThrow().getMessage()).contains("confirmed from the user's state");
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).singleElement().satisfies(post -> {
            assertThat(post.connectionDropped()).isTrue();
            assertThat(post.effective()).isTrue();
        });
        assertExactlyOneReset(guest, done, ConfirmedBy.USER_STATE);
    }

    /** Graph did not apply the reset but the operator cannot know that from the answer. */
    @ParameterizedTest(name = "a reset answered {3} ({2}) is sent again only after the settle window")
    @CsvSource({
        "07, post-503, UNAVAILABLE,     503",
        "08, post-504, GATEWAY_TIMEOUT, 504",
        "09, post-429, THROTTLE,        429",
    })
    void aResetNotAppliedIsSentAgainOnlyAfterTheSettleWindow(String suffix, String name, FaultKind fault, int httpStatus) {
        Guest guest = Guest.ready(suffix, name);
        createWithFaults(guest.resource(), FaultRule.times("/invitations", "POST", fault, 1));

        GuestRedemptionReset waiting = awaitStatus(guest, r -> r.getStatus().getPendingReset() != null
                && "ResetOutcomeUnknown".equals(reconcilingReason(r)));
        PendingReset pending = waiting.getStatus().getPendingReset();
        assertThat(pending.getEmail()).isEqualTo(guest.desiredEmail());
        assertThat(condition(waiting, "RedemptionReset").orElseThrow().getReason()).isEqualTo("ResetPending");

        assertResetSentAgainAfterTheSettleWindow(guest, pending, httpStatus);
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

        GuestRedemptionReset done = awaitStalled(guest, "GraphAccessDenied", "Authorization_RequestDenied", "403");
        assertThat(condition(done, "Stalled").orElseThrow().getMessage()).doesNotContain("invite-only-emulator-secret");
        assertThat(done.getStatus().getPendingReset()).as("a refused reset leaves no pending intent").isNull();
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).extracting(JournalEntry::status).containsExactly(403);
        assertNoReset(guest);
    }

    @Test
    void aResetGraphRejectsIsStalledWithGraphsCodeAndNothingChanges() throws Exception {
        Guest guest = Guest.ready("11", "post-400");
        createWithRequestInFlight(guest, "/invitations", "POST", 3000);

        // While the reset is in flight an administrator takes the desired address off the user, so
        // Graph refuses the reset: the email is no longer on the user object. The operator did not
        // change the addresses just before, so this is not replication lag: it stalls with Graph's
        // code and does not send the refused write again on a timer.
        try (SdkGraphGateway admin = GraphGateways.create(DEV.environment().graphConnection())) {
            assertThat(admin.updateEmails(guest.id, new EmailUpdate("post-400@elsewhere.example", List.of())).isSuccess()).isTrue();
        }

        GuestRedemptionReset done = awaitStalled(guest, "GraphRejected", "BadRequest", "400");
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
        createWithFaults(guest.resource(),
                FaultRule.times("/roleManagement/directory/roleAssignments", "GET", FaultKind.UNAVAILABLE, 3));

        awaitStalled(guest, "UserHoldsDirectoryRole", "nothing was changed", "Remove the role assignment");
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).as("no reset is attempted while the roles are unknown").isEmpty();
        assertNoReset(guest);
    }

    // ---- status writes -------------------------------------------------------------------------

    /** The guest needs no PATCH, so the first status write of its resource is the reset intent. */
    @ParameterizedTest(name = "the intent write fails {3} times with HTTP {2}: no reset is sent for those attempts")
    @CsvSource({
        "12, intent-409, 409, 2",
        "13, intent-500, 500, 1",
    })
    void whenTheIntentCannotBeRecordedNoResetIsSent(String suffix, String name, int httpStatus, int times) {
        Guest guest = Guest.ready(suffix, name);
        DEV.environment().kubernetes().failStatusWrites(NAMESPACE, guest.name, times, httpStatus);
        create(DEV.client(), guest.resource());

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).as("one POST: none for the attempts whose intent was not recorded")
                .extracting(JournalEntry::status).containsExactly(201);
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    /**
     * Graph's 201 is kept (in memory, then merged into the latest status, also after a lost race):
     * it is never downgraded to an inference from the user's state while the replica that got it lives.
     */
    @ParameterizedTest(name = "the status write after a successful reset fails with HTTP {2}: Graph's answer is still recorded")
    @CsvSource({
        "14, record-500, 500",
        "25, record-409, 409",
    })
    void whenTheRecordWriteFailsGraphsAnswerIsStillRecorded(String suffix, String name, int httpStatus) {
        Guest guest = Guest.ready(suffix, name);
        createWithResetInFlight(guest);
        DEV.environment().kubernetes().failStatusWrites(NAMESPACE, guest.name, 1, httpStatus);

        assertSentOnceAndResetOnce(guest, ConfirmedBy.GRAPH_RESPONSE);
    }

    // ---- a replica killed between two steps --------------------------------------------------

    @Test
    void killedAfterThePatchBeforeItsStatusTheNextReplicaResetsOnce() {
        Guest guest = Guest.needingPatch("15", "kill-after-patch");
        createWithRequestInFlight(guest, "/users/" + guest.id, "PATCH", 1500);
        killOperator();
        // The PATCH the dead replica sent still lands; its status never will.
        await().atMost(Duration.ofSeconds(30)).until(() -> guest.desiredEmail().equals(DEV.emulator().directory().user(guest.id).orElseThrow().mail()));
        GuestRedemptionReset interim = get(DEV.client(), guest.name);
        assertThat(interim.getStatus().getEmailsUpdatedAt()).as("the dead replica recorded nothing after its PATCH").isNull();
        assertThat(interim.getStatus().condition("Reconciling")).as("what it recorded before the PATCH says what it was doing")
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("UpdatingEmails"));
        assertThat(interim.getStatus().getObservedGeneration()).isEqualTo(interim.getMetadata().getGeneration());
        startOperator();

        assertThat(patchesOnceReady(guest)).as("the next replica saw the addresses and did not PATCH again")
                .extracting(JournalEntry::status).containsExactly(204);
    }

    @Test
    void killedAfterTheIntentWithTheResetLostTheNextReplicaSendsItOnceAfterTheSettleWindow() {
        Guest guest = Guest.ready("16", "kill-before-post-completes");
        // The held request never takes effect: Graph fails it after the latency.
        PendingReset pending = createWithResetInFlight(guest, FaultRule.times("/invitations", "POST", FaultKind.UNAVAILABLE, 1));
        killOperator();
        await().atMost(Duration.ofSeconds(30)).until(() -> !resetPostsFor(DEV.emulator(), guest.id).isEmpty());
        startOperator();

        assertResetSentAgainAfterTheSettleWindow(guest, pending, 503);
    }

    /**
     * The new replica starts while the dead one's reset is still in flight: it finds the intent,
     * sees no effect yet, and waits out the settle window instead of sending again. This holds
     * because Graph applies the request (after 1.5 s) within the settle window (2 s).
     */
    @Test
    void killedAfterTheResetBeforeItsRecordTheNextReplicaConfirmsItFromGraph() {
        Guest guest = Guest.ready("17", "kill-after-post");
        createWithResetInFlight(guest);
        killOperator();
        startOperator();

        assertSentOnceAndResetOnce(guest, ConfirmedBy.USER_STATE);
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

    /** The faults go in first, so the operator's first request for the resource already meets them. */
    private static void createWithFaults(GuestRedemptionReset resource, FaultRule... faults) {
        for (FaultRule fault : faults) {
            DEV.emulator().faults().add(fault);
        }
        create(DEV.client(), resource);
    }

    /**
     * Creates the guest's resource with its first request to {@code route} held in flight, and
     * returns once Graph holds it: the test then acts while the operator is at that step. The
     * further faults apply to the held request once the hold is over.
     */
    private static void createWithRequestInFlight(Guest guest, String route, String method, long heldMillis, FaultRule... thenFaults) {
        FaultRule hold = holdOnce(route, method, heldMillis);
        DEV.emulator().faults().add(hold);
        createWithFaults(guest.resource(), thenFaults);
        awaitInFlight(DEV.emulator(), hold);
    }

    /** The reset POST is held in flight for 1.5 s (less than the settle window), its intent already in status. */
    private static PendingReset createWithResetInFlight(Guest guest, FaultRule... thenFaults) {
        createWithRequestInFlight(guest, "/invitations", "POST", 1500, thenFaults);
        PendingReset pending = get(DEV.client(), guest.name).getStatus().getPendingReset();
        assertThat(pending).as("the intent is durable before the POST").isNotNull();
        return pending;
    }

    private static GuestRedemptionReset awaitReady(Guest guest) {
        return awaitStatus(guest, r -> settled(r) && isTrue(r, "Ready"));
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

    /** The operator waits to call Graph again, says why, and when it will try next. */
    private static GuestRedemptionReset awaitWaitingToRetry(Guest guest, String reason, String messagePart) {
        GuestRedemptionReset waiting = awaitStatus(guest, r -> reason.equals(reconcilingReason(r))
                && r.getStatus().getNextRetryAt() != null);
        Condition reconciling = condition(waiting, "Reconciling").orElseThrow();
        assertThat(reconciling.getStatus()).isEqualTo("True");
        assertThat(reconciling.getMessage()).contains(messagePart);
        return waiting;
    }

    private static GuestRedemptionReset awaitStalled(Guest guest, String reason, String... messageParts) {
        GuestRedemptionReset stalled = awaitStatus(guest, OperatorHarness::settled);
        assertThat(condition(stalled, "Stalled").orElseThrow().getReason()).isEqualTo(reason);
        assertThat(condition(stalled, "Stalled").orElseThrow().getMessage()).contains(messageParts);
        return stalled;
    }

    private static String reconcilingReason(GuestRedemptionReset r) {
        return condition(r, "Reconciling").filter(c -> "True".equals(c.getStatus())).map(c -> c.getReason()).orElse(null);
    }

    /** The first POST failed with {@code failedWith}; the one sent again waited out the settle window from the intent. */
    private static void assertResetSentAgainAfterTheSettleWindow(Guest guest, PendingReset pending, int failedWith) {
        GuestRedemptionReset done = awaitReady(guest);
        List<JournalEntry> posts = resetPostsFor(DEV.emulator(), guest.id);
        assertThat(posts).extracting(JournalEntry::status).containsExactly(failedWith, 201);
        assertThat(posts.get(1).time()).as("re-sent only after " + SETTLE_WINDOW_NOTE)
                .isAfterOrEqualTo(Instant.parse(pending.getAttemptedAt()).plus(SETTLE_WINDOW));
        assertExactlyOneReset(guest, done, ConfirmedBy.GRAPH_RESPONSE);
    }

    private static void assertSentOnceAndResetOnce(Guest guest, String confirmedBy) {
        GuestRedemptionReset done = awaitReady(guest);
        assertThat(resetPostsFor(DEV.emulator(), guest.id)).extracting(JournalEntry::status).containsExactly(201);
        assertExactlyOneReset(guest, done, confirmedBy);
    }

    /** Waits for Ready and checks the one reset; the PATCHes of the guest's addresses are the scenario's to judge. */
    private static List<JournalEntry> patchesOnceReady(Guest guest) {
        assertExactlyOneReset(guest, awaitReady(guest), ConfirmedBy.GRAPH_RESPONSE);
        return requestsTo(DEV.emulator(), "PATCH", guest.id);
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
