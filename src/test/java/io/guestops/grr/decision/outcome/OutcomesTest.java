package io.guestops.grr.decision.outcome;

import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a write's answer means is the decision's rule, not the Kubernetes side's. */
class OutcomesTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final Step.IssueReset RESET = new Step.IssueReset(
            new ResetInvitation(USER_ID, NEW_MAIL, "https://myapps.microsoft.com", false, null, null, null),
            new PendingReset(USER_ID, NEW_MAIL, null, NOW.toString(), 1));
    private final Outcomes outcomes = DecisionWiring.outcomes();

    private static GuestRedemptionResetStatus patchedAgo(Duration ago) {
        GuestRedemptionResetStatus status = resolved(USER_ID, "jane@old.example");
        status.setEmailsUpdatedAt(NOW.minus(ago).toString());
        return status;
    }

    static Stream<Arguments> resetAnswers() {
        GraphFailure badRequest = new GraphFailure.InvalidRequest(400, "BadRequest", "The email doesn't match", "r1");
        return Stream.of(
                Arguments.of("201", GraphResult.success(new IssuedInvitation("inv-1", "PendingAcceptance", USER_ID), "r0"),
                        Duration.ofHours(1), Outcome.Phase.READY, Reasons.RESET_DONE, true, false),
                Arguments.of("400 right after our PATCH (replication lag)", GraphResult.failed(badRequest),
                        Duration.ofMinutes(1), Outcome.Phase.WAITING, Reasons.EMAIL_NOT_YET_VISIBLE, true, true),
                Arguments.of("400 long after our PATCH", GraphResult.failed(badRequest),
                        Duration.ofHours(1), Outcome.Phase.STALLED, Reasons.GRAPH_REJECTED, true, true),
                Arguments.of("403 role holder", GraphResult.failed(new GraphFailure.Forbidden(403, "Forbidden", "no", "r2")),
                        Duration.ofHours(1), Outcome.Phase.STALLED, Reasons.GRAPH_ACCESS_DENIED, true, true),
                Arguments.of("connection refused (never sent)", GraphResult.failed(new GraphFailure.Transient(0, "refused", null,
                        null)), Duration.ofHours(1), Outcome.Phase.WAITING, Reasons.GRAPH_UNAVAILABLE, true, true),
                Arguments.of("answer lost", GraphResult.failed(new GraphFailure.Ambiguous("the connection broke", null)),
                        Duration.ofHours(1), Outcome.Phase.WAITING, Reasons.RESET_OUTCOME_UNKNOWN, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resetAnswers")
    void aResetAnswerDecidesPhaseReasonAndWhetherTheIntentIsSettled(String name, GraphResult<IssuedInvitation> answer,
                                                                    Duration sincePatch, Outcome.Phase phase, String reason,
                                                                    boolean clearsPending, boolean warns) {
        Outcome outcome = outcomes.afterReset(RESET, answer, patchedAgo(sincePatch), NOW);
        assertThat(outcome.phase()).isEqualTo(phase);
        assertThat(outcome.reason()).isEqualTo(reason);
        assertThat(outcome.clearsPending()).isEqualTo(clearsPending);
        assertThat(outcome.events()).anySatisfy(event -> assertThat(event.warning()).isEqualTo(warns));
        if (phase == Outcome.Phase.STALLED) {
            assertThat(outcome.requeueAfter()).as("a refused write is not re-sent on a timer").isNull();
        }
    }

    @Test
    void aConfirmedResetIsRecorded() {
        Outcome outcome = outcomes.afterReset(RESET, GraphResult.success(new IssuedInvitation("inv-1", "PendingAcceptance",
                USER_ID), "r0"), patchedAgo(Duration.ofHours(1)), NOW);
        assertThat(outcome.recordedReset().getInvitationId()).isEqualTo("inv-1");
        assertThat(outcome.recordedReset().getConfirmedBy()).isEqualTo(ConfirmedBy.GRAPH_RESPONSE);
    }

    @Test
    void aSuccessfulPatchRecordsWhenTheAddressesChangedAndWhatWasWritten() {
        Step.UpdateEmails update = new Step.UpdateEmails(USER_ID, new EmailUpdate(NEW_MAIL, null));
        Outcome outcome = outcomes.afterEmailUpdate(update, GraphResult.success(null, "r9"), resolved(USER_ID, null), NOW);
        assertThat(outcome.emailsUpdatedAt()).isEqualTo(NOW);
        assertThat(outcome.emailsWritten()).isEqualTo(AcknowledgedWrite.fingerprint(update.update()));
        assertThat(outcome.phase()).isEqualTo(Outcome.Phase.PROGRESSING);
        assertThat(outcome.events()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("EmailsUpdated"));
    }

    @Test
    void anUnexpectedFailureSaysWhenTheNextTryIsAndNamesNoException() {
        Outcome outcome = outcomes.unexpectedFailure(3, Duration.ofSeconds(8), NOW);
        assertThat(outcome.phase()).isEqualTo(Outcome.Phase.WAITING);
        assertThat(outcome.reason()).isEqualTo(Reasons.RECONCILE_ERROR);
        assertThat(outcome.message()).contains("2024-06-01T12:00:08Z", "keeps trying").doesNotContain("Exception");
    }

    @Test
    void movingIntoStalledLeavesOneWarningAndStayingStalledLeavesNone() {
        GuestRedemptionResetStatus draft = resolved(USER_ID, null);
        Outcome stalled = outcomes.of(new Step.Stall(Reasons.NOT_A_GUEST, "a member"), NOW);
        List<EventNote> first = NextStatus.apply(draft, stalled, new ResolvedGuest(USER_ID, null), NEW_MAIL, "", 1, NOW);
        List<EventNote> again = NextStatus.apply(draft, stalled, new ResolvedGuest(USER_ID, null), NEW_MAIL, "", 1, NOW.plusSeconds(60));
        assertThat(first).containsExactly(new EventNote(true, Reasons.NOT_A_GUEST, "a member"));
        assertThat(again).isEmpty();
        assertThat(draft.getObservedGeneration()).isEqualTo(1);
        assertThat(draft.conditionIsTrue(Conditions.STALLED)).isTrue();
    }

    /** kubectl describe shows the Events: one that says what the condition said an hour ago misleads. */
    @Test
    void stayingStalledForTheSameReasonWithANewMessageLeavesANewWarning() {
        GuestRedemptionResetStatus draft = resolved(USER_ID, null);
        ResolvedGuest guest = new ResolvedGuest(USER_ID, null);
        NextStatus.apply(draft, outcomes.of(new Step.Stall(Reasons.ADDRESS_OWNED_BY_ANOTHER_USER, "held by user A"), NOW),
                guest, NEW_MAIL, "", 1, NOW);

        List<EventNote> changed = NextStatus.apply(draft, outcomes.of(new Step.Stall(Reasons.ADDRESS_OWNED_BY_ANOTHER_USER,
                "held by user B"), NOW), guest, NEW_MAIL, "", 1, NOW.plusSeconds(60));
        List<EventNote> unchanged = NextStatus.apply(draft, outcomes.of(new Step.Stall(Reasons.ADDRESS_OWNED_BY_ANOTHER_USER,
                "held by user B"), NOW), guest, NEW_MAIL, "", 1, NOW.plusSeconds(120));

        assertThat(changed).containsExactly(new EventNote(true, Reasons.ADDRESS_OWNED_BY_ANOTHER_USER, "held by user B"));
        assertThat(draft.condition(Conditions.STALLED).orElseThrow().getMessage()).isEqualTo("held by user B");
        assertThat(unchanged).as("still deduplicated while nothing changed").isEmpty();
    }

    /** A refusal rechecked every 15 minutes carries a new Graph request-id each time: that alone is no news. */
    @Test
    void aNewGraphRequestIdAloneLeavesNoNewWarning() {
        GuestRedemptionResetStatus draft = resolved(USER_ID, null);
        ResolvedGuest guest = new ResolvedGuest(USER_ID, null);
        List<EventNote> first = NextStatus.apply(draft, outcomes.of(new Step.Stall(Reasons.GRAPH_REJECTED,
                "While reading the guest: 400 Request_BadRequest (request-id 1111)"), NOW), guest, NEW_MAIL, "", 1, NOW);
        List<EventNote> recheck = NextStatus.apply(draft, outcomes.of(new Step.Stall(Reasons.GRAPH_REJECTED,
                "While reading the guest: 400 Request_BadRequest (request-id 2222)"), NOW), guest, NEW_MAIL, "", 1, NOW.plusSeconds(900));

        assertThat(first).hasSize(1);
        assertThat(recheck).isEmpty();
        assertThat(draft.condition(Conditions.STALLED).orElseThrow().getMessage()).as("the condition has the latest id")
                .endsWith("(request-id 2222)");
    }

    @Test
    void anInterimStatusCarriesConditionsAndKeepsTheRetryCount() {
        GuestRedemptionResetStatus draft = resolved(USER_ID, null);
        draft.setConsecutiveFailures(3);
        NextStatus.applyInterim(draft, outcomes.inProgress(RESET), new ResolvedGuest(USER_ID, "jane@old.example"), NEW_MAIL, "", 4, NOW);
        assertThat(draft.getConsecutiveFailures()).isEqualTo(3);
        assertThat(draft.getObservedGeneration()).isEqualTo(4);
        assertThat(draft.condition(Conditions.RECONCILING)).hasValueSatisfying(c -> assertThat(c.getReason())
                .isEqualTo(Reasons.RESETTING));
    }
}
