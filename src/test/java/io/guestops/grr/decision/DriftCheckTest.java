package io.guestops.grr.decision;

import static io.guestops.grr.decision.Guests.ACCEPTED_AT;
import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.OTHER_USER_ID;
import static io.guestops.grr.decision.Guests.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.outcome.NextStatus;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.kube.DecisionSetup;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a settled resource may trust the delta watch's view of its guest and skip reading Graph:
 * only when deciding on that view ends Settled. Every case a pass would act on takes the read.
 */
class DriftCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final long GENERATION = 3;
    /** The operator's own backoff (5 s to 5 min). */
    private static final DecisionSetup WIRING = DecisionWiring.withBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    private static final ReconcileDecision DECISION = WIRING.decision();
    private static final Peer SELF = new Peer(new ResourceRef("default", "self", Instant.parse("2024-01-01T00:00:00Z")), null, null);
    private static final GuestUser AS_RESET = Guests.guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL));
    private static final Consumer<GuestRedemptionResetStatus> AS_RECORDED = status -> { };

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the guest as the reset left it", AS_RESET, GENERATION, AS_RECORDED, List.of(), true),
                Arguments.of("an admin added another address to otherMails", Guests.guest(NEW_MAIL,
                        List.of(OLD_MAIL, NEW_MAIL, "jane@personal.example")), GENERATION, AS_RECORDED, List.of(), true),
                Arguments.of("an admin changed the mail", Guests.guest("jane@portal.example", List.of(OLD_MAIL, NEW_MAIL)),
                        GENERATION, AS_RECORDED, List.of(), false),
                Arguments.of("an admin dropped the desired email from otherMails", Guests.guest(NEW_MAIL, List.of(OLD_MAIL)),
                        GENERATION, AS_RECORDED, List.of(), false),
                Arguments.of("the user became a member", Guests.user(USER_ID, "Member", NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL),
                        ACCEPTED_AT), GENERATION, AS_RECORDED, List.of(), false),
                Arguments.of("the watch has not seen the guest", null, GENERATION, AS_RECORDED, List.of(), false),
                Arguments.of("the watch's user is another object", Guests.user(OTHER_USER_ID, "Guest", NEW_MAIL,
                        List.of(NEW_MAIL), ACCEPTED_AT), GENERATION, AS_RECORDED, List.of(), false),
                Arguments.of("the spec changed since (a new generation)", AS_RESET, GENERATION + 1, AS_RECORDED, List.of(), false),
                Arguments.of("a reset is pending", AS_RESET, GENERATION, (Consumer<GuestRedemptionResetStatus>) status ->
                        status.setPendingReset(new PendingReset(USER_ID, NEW_MAIL, null, NOW.toString(), 1)), List.of(), false),
                Arguments.of("a retry is scheduled", AS_RESET, GENERATION, (Consumer<GuestRedemptionResetStatus>) status ->
                        status.setNextRetryAt(NOW.toString()), List.of(), false),
                Arguments.of("the reset recorded was for another email", AS_RESET, GENERATION,
                        (Consumer<GuestRedemptionResetStatus>) status -> status.getReset().setEmail("jane@older.example"),
                        List.of(), false),
                Arguments.of("an older resource names the same guest", AS_RESET, GENERATION, AS_RECORDED,
                        List.of(new Peer(new ResourceRef("default", "older", Instant.parse("2023-01-01T00:00:00Z")),
                                Guests.spec("jane@other.example"), null)), false));
    }

    @ParameterizedTest(name = "{0}: may skip the read = {5}")
    @MethodSource("cases")
    void aSettledResourceSkipsItsReadOnlyWhenTheWatchedGuestLeavesNothingToDo(String scenario, GuestUser watched, long generation,
                                                                              Consumer<GuestRedemptionResetStatus> change,
                                                                              List<Peer> others, boolean maySkip) {
        GuestRedemptionResetSpec spec = Guests.spec(NEW_MAIL);
        GuestRedemptionResetStatus status = settledStatus(spec);
        change.accept(status);
        DriftCheck.Inputs inputs = new DriftCheck.Inputs(spec, generation, status, watched, SELF, others, Guardrails.OFF, NOW);
        assertThat(DriftCheck.maySkipRead(DECISION, inputs)).as(scenario).isEqualTo(maySkip);
    }

    /** The status the operator records after Graph answered the reset, for generation {@value #GENERATION}. */
    private static GuestRedemptionResetStatus settledStatus(GuestRedemptionResetSpec spec) {
        Outcomes outcomes = WIRING.outcomes();
        ResetRecord record = new ResetRecord(USER_ID, NEW_MAIL, "invitation-1", NOW.toString(), ConfirmedBy.GRAPH_RESPONSE);
        GuestRedemptionResetStatus status = Guests.resolved(USER_ID, OLD_MAIL);
        NextStatus.apply(status, outcomes.of(new Step.Settled(record), NOW).recording(record), new ResolvedGuest(USER_ID, OLD_MAIL),
                spec.getDesiredEmail(), spec.resetRequestName(), GENERATION, NOW);
        return status;
    }
}
