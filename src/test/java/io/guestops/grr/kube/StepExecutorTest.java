package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.ResetRequestNote;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.graph.gateway.UserDelta;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The executor is plain I/O: these fakes record the order of its writes. What the answers mean is
 * tested in the decision's {@code OutcomesTest}.
 */
class StepExecutorTest {

    private static final String USER = "11111111-2222-3333-4444-555555555555";
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private final List<String> calls = new ArrayList<>();
    private final RecordingStore store = new RecordingStore(calls);
    private final RecordingGraph graph = new RecordingGraph(calls);
    private final RecordingLedger ledger = new RecordingLedger(calls);
    /** The operator's outcomes with a short backoff (1 s to 10 s): the retry times the tests state. */
    private static final Outcomes OUTCOMES = DecisionWiring.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).outcomes();
    private final StepExecutor executor = new StepExecutor(OUTCOMES, NO_REDEEM_LINKS, Clock.fixed(NOW, ZoneOffset.UTC),
            ReconcileListener.NONE, new StepExecutor.Ledgers(ledger, new EntraLedgerCopy(false)));

    /** None of these resources asks for a redeem link, so the Secret writer is never reached. */
    private static final RedeemLinkSecrets NO_REDEEM_LINKS = new RedeemLinkSecrets(null);
    private static final Step.IssueReset RESET = new Step.IssueReset(
            new ResetInvitation(USER, "jane@new.example", "https://myapps.microsoft.com", false, null, null, null),
            new PendingReset(USER, "jane@new.example", null, NOW.toString(), 1));

    @Test
    void theIntentWithItsConditionsIsStoredBeforeTheResetIsSent() {
        Outcome outcome = executor.execute(RESET, target(resolvedStatus()));

        assertThat(calls).containsExactly("ledger", "status", "POST /invitations", "ledger");
        GuestRedemptionResetStatus intent = store.written.get(0);
        assertThat(intent.getPendingReset()).isEqualTo(RESET.intent());
        assertThat(intent.getObservedGeneration()).isEqualTo(3);
        assertThat(intent.conditionIsTrue("Reconciling")).isTrue();
        assertThat(outcome.recordedReset().getInvitationId()).isEqualTo("inv-1");
    }

    @Test
    void aShutFenceEndsThePassBeforeAnyWriteEvenTheIntent() {
        StepExecutor fenced = executorBehind(() -> Optional.of("This replica no longer leads"));

        assertThatThrownBy(() -> fenced.execute(RESET, target(resolvedStatus()))).isInstanceOf(GraphWriteFence.Closed.class)
                .hasMessageContaining("no longer leads");
        assertThat(calls).isEmpty();
    }

    @Test
    void aFenceThatShutsAfterTheIntentSendsNothingAndTakesTheIntentBack() {
        List<Optional<String>> answers = new ArrayList<>(List.of(Optional.empty()));
        StepExecutor fenced = executorBehind(() -> answers.isEmpty() ? Optional.of("the Lease was last renewed too long ago")
                : answers.remove(0));

        Outcome outcome = fenced.execute(RESET, target(resolvedStatus()));

        assertThat(calls).as("intent in the ledger and status, no POST, the intent taken back from the ledger")
                .containsExactly("ledger", "status", "ledger");
        assertThat(ledger.written.get(1).pending()).isNull();
        assertThat(outcome.clearsPending()).as("status drops the intent too: Graph was never asked").isTrue();
    }

    private StepExecutor executorBehind(GraphWriteFence fence) {
        return new StepExecutor(OUTCOMES, NO_REDEEM_LINKS, Clock.fixed(NOW, ZoneOffset.UTC), ReconcileListener.NONE,
                new StepExecutor.Ledgers(ledger, new EntraLedgerCopy(false)), fence);
    }

    @Test
    void theLedgerHoldsTheIntentBeforeTheResetAndItsRecordAfter() {
        executor.execute(RESET, target(resolvedStatus()));

        assertThat(ledger.written).hasSize(2);
        assertThat(ledger.written.get(0).pending()).isEqualTo(RESET.intent());
        assertThat(ledger.written.get(1).pending()).isNull();
        assertThat(ledger.written.get(1).last().getInvitationId()).isEqualTo("inv-1");
    }

    @Test
    void whenTheLedgerCannotBeWrittenNothingIsSentAndStatusIsUntouched() {
        ledger.refuse = true;
        Outcome outcome = executor.execute(RESET, target(resolvedStatus()));

        assertThat(calls).containsExactly("ledger");
        assertThat(outcome.reason()).isEqualTo("LedgerNotWritten");
        assertThat(outcome.message()).contains("Lease operators/grr-guest-" + USER).contains("nothing was sent to Graph");
    }

    @Test
    void whenTheIntentCannotBeStoredNothingIsSent() {
        store.refuse = true;
        assertThatThrownBy(() -> executor.execute(RESET, target(resolvedStatus()))).isInstanceOf(StatusWriter.StatusConflict.class);
        assertThat(calls).containsExactly("ledger", "status", "ledger");
    }

    @Test
    void aGuestFoundByMailIsRememberedBeforeItsMailChanges() {
        Step.UpdateEmails update = new Step.UpdateEmails(USER, new EmailUpdate("jane@new.example", null));
        executor.execute(update, target(new GuestRedemptionResetStatus()));
        assertThat(calls).containsExactly("status", "PATCH /users/" + USER);
        assertThat(store.written.get(0).getUserId()).isEqualTo(USER);
        assertThat(store.written.get(0).getPreviousEmail()).isEqualTo("jane@old.example");
    }

    @Test
    void aGuestAlreadyRememberedIsPatchedWithoutAnExtraStatusWrite() {
        Step.UpdateEmails update = new Step.UpdateEmails(USER, new EmailUpdate("jane@new.example", null));
        executor.execute(update, target(resolvedStatus()));
        assertThat(calls).containsExactly("PATCH /users/" + USER);
    }

    @Test
    void aStepWithoutAGraphWriteTouchesNeitherGraphNorStatus() {
        executor.execute(new Step.Stall("NotAGuest", "a member"), target(resolvedStatus()));
        assertThat(calls).isEmpty();
    }

    private static GuestRedemptionResetStatus resolvedStatus() {
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        status.setUserId(USER);
        status.setPreviousEmail("jane@old.example");
        return status;
    }

    private StepExecutor.Target target(GuestRedemptionResetStatus stored) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(null, "jane@old.example"));
        spec.setDesiredEmail("jane@new.example");
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName("jane").withNamespace("team-a").withGeneration(3L).build());
        resource.setSpec(spec);
        resource.setStatus(stored);
        GuestRedemptionResetStatus draft = new GuestRedemptionResetStatus();
        draft.setUserId(stored.getUserId());
        draft.setPreviousEmail(stored.getPreviousEmail());
        resource.getMetadata().setUid("uid-jane");
        return new StepExecutor.Target(resource, graph, draft, new ResolvedGuest(USER, "jane@old.example"), store, GuestClaim.HELD);
    }

    /**
     * Keeps what the executor wrote to one of its stores, in order, and logs the call in the shared
     * call log; refuses (keeps nothing) while {@code refuse} is set, as an API server holding a newer version.
     */
    private abstract static class RecordingWrites<T> {
        private final List<String> calls;
        private final String call;
        final List<T> written = new ArrayList<>();
        boolean refuse;

        RecordingWrites(List<String> calls, String call) {
            this.calls = calls;
            this.call = call;
        }

        /** False when refused. */
        boolean keep(T value) {
            calls.add(call);
            if (refuse) {
                return false;
            }
            written.add(value);
            return true;
        }
    }

    /** The cluster's ledger as the executor writes it, in order: intent, then outcome. */
    private static final class RecordingLedger extends RecordingWrites<GuestLedger> implements LedgerStore {

        RecordingLedger(List<String> calls) {
            super(calls, "ledger");
        }

        @Override
        public Optional<String> writeLedger(GuestRedemptionReset resource, String userId, GuestLedger expected, GuestLedger next) {
            return keep(next) ? Optional.empty() : Optional.of("the ledger changed since it was read");
        }

        @Override
        public String describe(String userId) {
            return "Lease operators/grr-guest-" + userId;
        }
    }

    private static final class RecordingStore extends RecordingWrites<GuestRedemptionResetStatus> implements StatusStore {

        RecordingStore(List<String> calls) {
            super(calls, "status");
        }

        @Override
        public void write(GuestRedemptionResetStatus status) {
            if (!keep(status)) {
                throw new StatusWriter.StatusConflict("changed meanwhile");
            }
        }

        @Override
        public void writeRecording(GuestRedemptionResetStatus status, Consumer<GuestRedemptionResetStatus> mergeInto) {
            write(status);
        }
    }

    /** A tenant that accepts every write; only the two writes are expected here. */
    private static final class RecordingGraph implements GraphGateway {
        private final List<String> calls;

        RecordingGraph(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public GraphResult<Void> updateEmails(String userId, EmailUpdate update) {
            calls.add("PATCH /users/" + userId);
            return GraphResult.success(null, "req-patch");
        }

        @Override
        public GraphResult<IssuedInvitation> resetRedemption(ResetInvitation invitation) {
            calls.add("POST /invitations");
            return GraphResult.success(new IssuedInvitation("inv-1", "PendingAcceptance", invitation.userId()), "req-post");
        }

        @Override
        public GraphResult<GuestUser> getUser(String userId) {
            throw new AssertionError("the executor does not read");
        }

        @Override
        public GraphResult<List<GuestUser>> findUsersByMail(String email) {
            throw new AssertionError("the executor does not read");
        }

        @Override
        public GraphResult<List<GuestUser>> findAddressHolders(Collection<String> emails) {
            throw new AssertionError("the executor does not read");
        }

        @Override
        public GraphResult<Set<String>> memberGroups(String userId, Collection<String> groupIds) {
            throw new AssertionError("the executor does not read");
        }

        @Override
        public GraphResult<List<String>> verifiedDomains() {
            throw new AssertionError("the executor does not read");
        }

        @Override
        public GraphResult<List<RoleAssignment>> directoryRoleAssignments(String userId) {
            throw new AssertionError("the executor does not read");
        }

        @Override
        public GraphResult<UserDelta> usersDelta(String link, Collection<String> userIds) {
            throw new AssertionError("the executor does not read");
        }

        @Override
        public GraphResult<List<GuestUser>> findGuestsInvitedAs(String email) {
            throw new UnsupportedOperationException();
        }

        @Override
        public GraphResult<List<ResetRequestNote>> readResetNotes(String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public GraphResult<Boolean> createResetNote(String userId, ResetRequestNote note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public GraphResult<Void> updateResetNote(String userId, ResetRequestNote note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public GraphResult<Void> deleteResetNote(String userId, String extensionName) {
            throw new UnsupportedOperationException();
        }
    }
}
