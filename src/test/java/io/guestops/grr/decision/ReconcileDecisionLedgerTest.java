package io.guestops.grr.decision;

import static io.guestops.grr.decision.Guests.ACCEPTED_AT;
import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.guest;
import static io.guestops.grr.decision.Guests.resolved;
import static io.guestops.grr.decision.Guests.spec;
import static io.guestops.grr.decision.Guests.withReset;
import static io.guestops.grr.decision.Guests.withStateChangedAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15: the reset ledger on the guest's claim decides whether a request is already done,
 * whatever became of the resource that made it. A resource re-created without status (deleted and
 * re-applied, moved, restored) adopts the record and writes nothing; a request the ledger does not
 * hold (another email, another request name) is sent once.
 */
class ReconcileDecisionLedgerTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final Duration SETTLE_WINDOW = Duration.ofMinutes(10);
    private static final Instant DONE_AT = NOW.minus(Duration.ofDays(3));
    private static final Peer SELF = new Peer(new ResourceRef("team-b", "jane-again", NOW.minusSeconds(5)), null, null);
    /** The guest as a finished reset to NEW_MAIL left it. */
    private static final GuestUser SYNCED = withStateChangedAt(guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL)),
            ACCEPTED_AT.plusMonths(3));

    private final ReconcileDecision decision = DecisionWiring.decisionWithSettleWindow(SETTLE_WINDOW);

    private static ResetRecord done(String email, String request) {
        return new ResetRecord(USER_ID, email, "inv-7", DONE_AT.toString(), ConfirmedBy.GRAPH_RESPONSE)
                .forRequest(request, "team-a/jane");
    }

    private static PendingReset intent(String email, Instant sentAt) {
        return new PendingReset(USER_ID, email, ACCEPTED_AT.toString(), sentAt.toString(), 1).forRequest("", "team-a/jane");
    }

    private static GuestRedemptionResetSpec spec(String email, String request) {
        GuestRedemptionResetSpec spec = Guests.spec(email);
        spec.setResetRequest(request);
        return spec;
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("re-created resource, same request", spec(NEW_MAIL, null), done(NEW_MAIL, ""), Step.AdoptReset.class),
                Arguments.of("same email in another case", spec("Jane@New.Example", null), done(NEW_MAIL, ""), Step.AdoptReset.class),
                Arguments.of("same request name", spec(NEW_MAIL, "ticket-42"), done(NEW_MAIL, "ticket-42"), Step.AdoptReset.class),
                Arguments.of("a new request name for the same email", spec(NEW_MAIL, "ticket-43"), done(NEW_MAIL, "ticket-42"),
                        Step.IssueReset.class),
                Arguments.of("a request name where the ledger has none", spec(NEW_MAIL, "again"), done(NEW_MAIL, ""),
                        Step.IssueReset.class),
                Arguments.of("back to an email after another reset", spec(OLD_MAIL, null), done(NEW_MAIL, ""), Step.IssueReset.class),
                Arguments.of("an empty ledger", spec(NEW_MAIL, null), null, Step.IssueReset.class));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("requests")
    void theLedgerDecidesWhetherTheRequestIsDone(String scenario, GuestRedemptionResetSpec spec, ResetRecord last,
                                                 Class<? extends Step> expected) {
        GuestUser user = OLD_MAIL.equals(spec.getDesiredEmail()) ? withStateChangedAt(guest(OLD_MAIL, List.of(OLD_MAIL, NEW_MAIL)),
                ACCEPTED_AT) : SYNCED;
        Step step = decide(spec, user, new GuestRedemptionResetStatus(), new GuestLedger(last, null));
        assertThat(step).as(scenario).isInstanceOf(expected);
    }

    @Test
    void anAdoptedRecordNamesTheLedgerAndKeepsWhoMadeTheReset() {
        Step step = decide(spec(NEW_MAIL, null), SYNCED, new GuestRedemptionResetStatus(), new GuestLedger(done(NEW_MAIL, ""), null));
        assertThat(step).isInstanceOfSatisfying(Step.AdoptReset.class, adopt -> {
            assertThat(adopt.record().getConfirmedBy()).isEqualTo(ConfirmedBy.CLUSTER_LEDGER);
            assertThat(adopt.record().getIssuedBy()).isEqualTo("team-a/jane");
            assertThat(adopt.record().getInvitationId()).isEqualTo("inv-7");
            assertThat(adopt.record().getIssuedAt()).isEqualTo(DONE_AT.toString());
        });
    }

    @Test
    void aRequestTheLedgerHoldsNeedsNoRoleCheck() {
        Observation.Found found = new Observation.Found(SYNCED, List.of(new RoleAssignment("ra-1", "role-1", USER_ID, "/")), List.of());
        Step step = decision.decide(spec(NEW_MAIL, null), found, new GuestRedemptionResetStatus(), SELF, List.of(),
                Admission.UNRESTRICTED, new GuestClaim.HeldBySelf(new GuestLedger(done(NEW_MAIL, ""), null)), NOW);
        assertThat(step).isInstanceOf(Step.AdoptReset.class);
    }

    @Test
    void addressesThatDriftedAreRepairedWithoutPreparingAReset() {
        GuestUser drifted = withStateChangedAt(guest(OLD_MAIL, List.of(NEW_MAIL)), ACCEPTED_AT.plusMonths(3));
        Step step = decide(spec(NEW_MAIL, null), drifted, resolved(USER_ID, OLD_MAIL), new GuestLedger(done(NEW_MAIL, ""), null));
        assertThat(step).isInstanceOfSatisfying(Step.UpdateEmails.class, update -> assertThat(update.preparesReset()).isFalse());
    }

    @Test
    void theNewRequestIsSentWithItsName() {
        Step step = decide(spec(NEW_MAIL, "ticket-43"), SYNCED, withReset(resolved(USER_ID, OLD_MAIL), done(NEW_MAIL, "ticket-42")),
                GuestLedger.EMPTY);
        assertThat(step).isInstanceOfSatisfying(Step.IssueReset.class, reset -> {
            assertThat(reset.intent().getRequest()).isEqualTo("ticket-43");
            assertThat(reset.intent().getRequestedBy()).isEqualTo("team-b/jane-again");
        });
    }

    @Test
    void anIntentAnEarlierResourceLeftIsAwaitedNotSentAgain() {
        GuestUser notYetShown = withStateChangedAt(guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL)), ACCEPTED_AT);
        Step step = decide(spec(NEW_MAIL, null), notYetShown, new GuestRedemptionResetStatus(),
                new GuestLedger(null, intent(NEW_MAIL, NOW.minusSeconds(30))));
        assertThat(step).isInstanceOf(Step.AwaitResetOutcome.class);
    }

    @Test
    void anIntentNotedInEntraThatTookEffectIsConfirmedFromTheEntraLedger() {
        Step step = decide(spec(NEW_MAIL, null), SYNCED, new GuestRedemptionResetStatus(),
                new GuestLedger(null, intent(NEW_MAIL, NOW.minus(Duration.ofDays(1))), true));
        assertThat(step).isInstanceOfSatisfying(Step.ConfirmReset.class, confirm -> {
            assertThat(confirm.record().getConfirmedBy()).isEqualTo(ConfirmedBy.ENTRA_LEDGER);
            assertThat(confirm.record().getIssuedBy()).isEqualTo("team-a/jane");
        });
    }

    @Test
    void anIntentForAnEmailNoLongerWantedIsDroppedAfterTheWindow() {
        GuestUser unchanged = withStateChangedAt(guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL)), ACCEPTED_AT);
        Step step = decide(spec(NEW_MAIL, null), unchanged, new GuestRedemptionResetStatus(),
                new GuestLedger(null, intent(OLD_MAIL, NOW.minus(SETTLE_WINDOW).minusSeconds(1))));
        assertThat(step).isInstanceOf(Step.DropPendingReset.class);
    }

    private Step decide(GuestRedemptionResetSpec spec, GuestUser user, GuestRedemptionResetStatus status, GuestLedger ledger) {
        return decision.decide(spec, new Observation.Found(user, List.of(), List.of()), status, SELF, List.of(),
                Admission.UNRESTRICTED, new GuestClaim.HeldBySelf(ledger), NOW);
    }
}
