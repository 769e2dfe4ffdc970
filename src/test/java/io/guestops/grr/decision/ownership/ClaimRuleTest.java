package io.guestops.grr.decision.ownership;

import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.OTHER_USER_ID;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.guest;
import static io.guestops.grr.decision.Guests.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The guest's claim: taken only before a Graph write, it decides the owner once read, and no write goes without it. */
class ClaimRuleTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final GuestUser JANE = guest(OLD_MAIL, List.of());
    private static final ClaimHolder OTHER = new ClaimHolder("team-b", "jane-b", "uid-b");

    private static final Step WRITE = new Step.UpdateEmails(USER_ID, new EmailUpdate(NEW_MAIL, null));
    private static final Step DEFERS = new Step.Stall(Reasons.GUEST_OWNED_BY_ANOTHER_RESOURCE, "older one");
    private static final Step REFUSED = new Step.Stall(Reasons.NOT_A_GUEST, "member");
    private static final Step SETTLES = new Step.DropPendingReset("no longer wanted");
    private static final Map<String, Step> STEPS = Map.of("write", WRITE, "defers", DEFERS, "refused", REFUSED, "settles", SETTLES);
    private static final Map<String, GuestClaim> CLAIMS = Map.of("unread", GuestClaim.UNREAD, "unclaimed", GuestClaim.UNCLAIMED,
            "held", GuestClaim.HELD, "another", new GuestClaim.HeldByAnother(OTHER),
            "unavailable", new GuestClaim.Unavailable("HTTP 503"));

    private final ReconcileDecision decision = DecisionWiring.decision();

    @ParameterizedTest(name = "{0} step, claim {1} -> {2}")
    @CsvSource({
            "write,   unread,      TAKE",   // the first write of a pass takes the claim
            "write,   unclaimed,   TAKE",
            "write,   held,        NONE",   // remembered: an unchanged resource's passes cost no request
            "write,   another,     NONE",
            "write,   unavailable, NONE",
            "defers,  unread,      READ",   // sent behind an older one by age: it may hold the claim
            "defers,  unclaimed,   NONE",   // read once per pass, no loop
            "defers,  another,     NONE",
            "refused, unread,      NONE",   // a settled or refused resource never asks the API server
            "settles, unread,      READ",   // settles an intent the guest's ledger holds too
            "settles, held,        NONE",
    })
    void aPassTouchesTheClaimOnlyBeforeAWriteOrWhenItDefersByAge(String step, String claim, ClaimRule.Access access) {
        assertThat(ClaimRule.accessFor(STEPS.get(step), CLAIMS.get(claim))).isEqualTo(access);
    }

    @Test
    void aWriteGoesOnlyWithTheClaim() {
        assertThat(ClaimRule.gate(WRITE, GuestClaim.HELD, USER_ID, RETRY)).isSameAs(WRITE);
        assertThat(ClaimRule.gate(REFUSED, GuestClaim.UNREAD, USER_ID, RETRY)).isSameAs(REFUSED);
        assertThat(ClaimRule.gate(WRITE, new GuestClaim.HeldByAnother(OTHER), USER_ID, RETRY)).isInstanceOfSatisfying(Step.Stall.class,
                stall -> {
                    assertThat(stall.reason()).isEqualTo(Reasons.GUEST_OWNED_BY_ANOTHER_RESOURCE);
                    assertThat(stall.message()).contains("team-b/jane-b", USER_ID, "Nothing was sent to Graph").doesNotContain("uid-b");
                });
        assertThat(ClaimRule.gate(WRITE, new GuestClaim.Unavailable("HTTP 503"), USER_ID, RETRY))
                .isEqualTo(new Step.Wait(Reasons.KUBERNETES_UNAVAILABLE, "Could not take the claim of user " + USER_ID
                        + " from the Kubernetes API (HTTP 503); nothing was sent to Graph.", RETRY));
        assertThatThrownBy(() -> ClaimRule.gate(WRITE, GuestClaim.UNREAD, USER_ID, RETRY)).isInstanceOf(IllegalStateException.class);
    }

    static Stream<Arguments> holders() {
        GuestRedemptionResetSpec namesJane = spec(NEW_MAIL);
        GuestRedemptionResetSpec namesOther = spec(NEW_MAIL);
        namesOther.setGuest(new GuestReference(OTHER_USER_ID, null));
        Peer holder = new Peer(new ResourceRef("team-b", "jane-b", T0), namesJane, null);
        return Stream.of(
                Arguments.of("exists and names the guest", holder, "uid-b", true),
                Arguments.of("deleted", null, null, false),
                Arguments.of("deleted and re-created under its name", holder, "uid-new", false),
                Arguments.of("now names another guest", new Peer(holder.ref(), namesOther, null), "uid-b", false));
    }

    @ParameterizedTest(name = "a holder that {0} may still write: {3}")
    @MethodSource("holders")
    void aClaimIsTakenOverOnlyFromAHolderThatCanNoLongerWrite(String what, Peer current, String uid, boolean mayWrite) {
        assertThat(ClaimRule.holderMayStillWrite(OTHER, current, uid, JANE)).isEqualTo(mayWrite);
    }

    @ParameterizedTest(name = "holderIdentity \"{0}\" -> {1}")
    @CsvSource(value = {
            "team-b/jane-b/uid-b | team-b/jane-b/uid-b",
            "replica-a           | NONE",   // not written by the operator: nobody holds the guest
            "a//c                | NONE",
            "NULL                | NONE",
    }, delimiter = '|', nullValues = "NULL")
    void theHolderIsNamespaceNameAndUid(String identity, String parsed) {
        assertThat(ClaimHolder.parse(identity).map(ClaimHolder::identity).orElse("NONE")).isEqualTo(parsed);
    }

    @Test
    void onceReadTheClaimNotAgeDecidesTheOwner() {
        Peer youngerSelf = new Peer(new ResourceRef("team-a", "jane-a", T0.plusSeconds(30)), spec(NEW_MAIL), null);
        Peer older = new Peer(new ResourceRef("team-b", "jane-b", T0), spec("jane@elsewhere.example"), null);
        var found = new Observation.Found(JANE, List.of(), List.of());

        Step byAge = decision.decide(youngerSelf.spec(), found, null, youngerSelf, List.of(older), Admission.UNRESTRICTED,
                GuestClaim.UNREAD, NOW);
        Step heldBySelf = decision.decide(youngerSelf.spec(), found, null, youngerSelf, List.of(older), Admission.UNRESTRICTED,
                GuestClaim.HELD, NOW);
        Step heldByAnother = decision.decide(older.spec(), found, null, older, List.of(youngerSelf), Admission.UNRESTRICTED,
                new GuestClaim.HeldByAnother(new ClaimHolder("team-a", "jane-a", "uid-a")), NOW);

        assertThat(byAge).isInstanceOfSatisfying(Step.Stall.class, s -> assertThat(s.message()).contains("team-b/jane-b"));
        assertThat(heldBySelf).as("the claim holder proceeds although younger").isInstanceOf(Step.UpdateEmails.class);
        assertThat(heldByAnother).isInstanceOfSatisfying(Step.Stall.class, s -> {
            assertThat(s.reason()).isEqualTo(Reasons.GUEST_OWNED_BY_ANOTHER_RESOURCE);
            assertThat(s.message()).contains("team-a/jane-a", "owns it");
        });
    }
}
