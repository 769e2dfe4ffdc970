package io.guestops.grr.decision;

import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.outcome.Conditions;
import io.guestops.grr.decision.outcome.NextStatus;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.outcome.RedeemLinkStorage;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What status and Events say about a reset's redeem link: where it is, that it could not be
 * stored, or that none exists because Graph's answer was lost, with what to do instead. The
 * reset is recorded in every case, and what the condition says survives the passes that follow.
 */
class RedeemLinkOutcomesTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final String SECRET = "jane-redeem-link";
    private static final Step.IssueReset RESET = new Step.IssueReset(
            new ResetInvitation(USER_ID, NEW_MAIL, "https://myapps.microsoft.com", false, null, null, null),
            new PendingReset(USER_ID, NEW_MAIL, null, NOW.toString(), 1));
    private static final GraphResult<IssuedInvitation> ANSWERED =
            GraphResult.success(new IssuedInvitation("inv-1", "PendingAcceptance", USER_ID), "r0");
    private static final String WHAT_TO_DO = "resend the invitation";

    private final Outcomes outcomes = DecisionWiring.outcomes();

    /** A reset Graph answered (201), by what became of its link. */
    static Stream<Arguments> answeredResets() {
        return Stream.of(
                Arguments.of("no link asked for", RedeemLinkStorage.NOT_ASKED, null, null,
                        List.of("Redemption reset to " + NEW_MAIL), null, List.of("redeem link")),
                Arguments.of("link stored", RedeemLinkStorage.stored(SECRET), SECRET, true,
                        List.of("The redeem link is in Secret " + SECRET + " (key inviteRedeemUrl)."),
                        new EventNote(false, Reasons.REDEEM_LINK_STORED, "The redeem link is in Secret " + SECRET
                                + " (key inviteRedeemUrl)."), List.of(WHAT_TO_DO)),
                Arguments.of("Secret write refused", RedeemLinkStorage.failed(SECRET, "the Kubernetes API answered HTTP 403"),
                        SECRET, false, List.of("could not be written to Secret " + SECRET, WHAT_TO_DO), null,
                        List.of("No redeem link exists")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answeredResets")
    void anAnsweredResetIsRecordedReadyAndSaysWhereItsLinkIs(String name, RedeemLinkStorage link, String recordedSecret,
                                                             Boolean recordedStored, List<String> conditionSays,
                                                             EventNote linkEvent, List<String> conditionNeverSays) {
        Outcome outcome = outcomes.afterReset(RESET, ANSWERED, link, resolved(USER_ID, null), NOW);

        assertThat(outcome.phase()).as("the reset took effect, whatever became of the link").isEqualTo(Outcome.Phase.READY);
        assertThat(outcome.recordedReset().getInvitationId()).isEqualTo("inv-1");
        assertThat(outcome.recordedReset().getRedeemLinkSecret()).isEqualTo(recordedSecret);
        assertThat(outcome.recordedReset().getRedeemLinkStored()).isEqualTo(recordedStored);
        assertThat(outcome.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("RedemptionReset"));
        if (linkEvent != null) {
            assertThat(outcome.events()).contains(linkEvent);
        }
        String redemption = redemptionResetMessageAfter(outcome);
        assertThat(redemption).contains(conditionSays).doesNotContain(conditionNeverSays);
    }

    @Test
    void aLinkThatCouldNotBeStoredLeavesAWarningNamingTheSecretAndTheCause() {
        Outcome outcome = outcomes.afterReset(RESET, ANSWERED,
                RedeemLinkStorage.failed(SECRET, "the Kubernetes API answered HTTP 403 Forbidden"), resolved(USER_ID, null), NOW);

        assertThat(outcome.events()).filteredOn(EventNote::warning).singleElement().satisfies(event -> {
            assertThat(event.reason()).isEqualTo(Reasons.REDEEM_LINK_NOT_STORED);
            assertThat(event.message()).contains("took effect", SECRET, "HTTP 403 Forbidden", WHAT_TO_DO);
        });
        assertThat(outcome.message()).contains("could not be written to Secret " + SECRET);
    }

    static Stream<Arguments> confirmedFromUserState() {
        return Stream.of(
                Arguments.of("link asked for", SECRET, List.of("No redeem link exists", "answer", "was lost", WHAT_TO_DO,
                        "invitation email"), List.of("is in Secret")),
                Arguments.of("no link asked for", null, List.of("confirmed from the user's state"), List.of("redeem link")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("confirmedFromUserState")
    void aResetConfirmedFromTheUsersStateSaysNoLinkExistsWhenOneWasAskedFor(String name, String secret, List<String> says,
                                                                           List<String> neverSays) {
        ResetRecord record = new ResetRecord(USER_ID, NEW_MAIL, null, NOW.toString(), ConfirmedBy.USER_STATE);
        Outcome outcome = outcomes.confirmedFromUserState(new Step.ConfirmReset(record), secret);

        assertThat(outcome.recordedReset().getConfirmedBy()).isEqualTo(ConfirmedBy.USER_STATE);
        assertThat(outcome.recordedReset().getRedeemLinkStored()).isEqualTo(secret == null ? null : false);
        assertThat(redemptionResetMessageAfter(outcome)).contains(says).doesNotContain(neverSays);
    }

    @Test
    void whatTheConditionSaysAboutTheLinkSurvivesTheSettledPassesThatFollow() {
        GuestRedemptionResetStatus draft = resolved(USER_ID, null);
        Outcome answered = outcomes.afterReset(RESET, ANSWERED, RedeemLinkStorage.stored(SECRET), draft, NOW);
        NextStatus.apply(draft, answered, new ResolvedGuest(USER_ID, null), NEW_MAIL, "", 1, NOW);

        Outcome settled = outcomes.of(new Step.Settled(draft.getReset()), NOW.plusSeconds(1800));
        NextStatus.apply(draft, settled, new ResolvedGuest(USER_ID, null), NEW_MAIL, "", 1, NOW.plusSeconds(1800));

        assertThat(draft.condition(Conditions.REDEMPTION_RESET).orElseThrow().getMessage())
                .contains("The redeem link is in Secret " + SECRET);
    }

    @Test
    void aSecretTheResourceDoesNotOwnStallsTheResetBeforeAnythingIsSent() {
        Outcome outcome = outcomes.redeemLinkSecretInUse(SECRET, "is not owned by this resource");

        assertThat(outcome.phase()).isEqualTo(Outcome.Phase.STALLED);
        assertThat(outcome.reason()).isEqualTo(Reasons.REDEEM_LINK_SECRET_IN_USE);
        assertThat(outcome.message()).contains(SECRET, "is not owned by this resource", "Nothing was sent to Graph");
        assertThat(outcome.recordedReset()).isNull();
    }

    private static String redemptionResetMessageAfter(Outcome outcome) {
        GuestRedemptionResetStatus draft = resolved(USER_ID, null);
        NextStatus.apply(draft, outcome, new ResolvedGuest(USER_ID, null), NEW_MAIL, "", 1, NOW);
        return draft.condition(Conditions.REDEMPTION_RESET).orElseThrow().getMessage();
    }
}
