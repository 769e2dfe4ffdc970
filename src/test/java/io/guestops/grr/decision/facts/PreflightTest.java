package io.guestops.grr.decision.facts;

import static io.guestops.grr.decision.Guests.ACCEPTED_AT;
import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.OTHER_USER_ID;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.guest;
import static io.guestops.grr.decision.Guests.spec;
import static io.guestops.grr.decision.Guests.status;
import static io.guestops.grr.decision.Guests.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.Guests;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.MailPolicy;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every check that can refuse runs before the first write (issue 7, points 1 and 2). */
class PreflightTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private static final Peer SELF = new Peer(new ResourceRef("team-a", "jane", Instant.parse("2024-01-01T00:00:00Z")), null, null);
    private static final RoleAssignment ROLE = new RoleAssignment("ra-1", "role-def", USER_ID, "/");
    private final ReconcileDecision decision = DecisionWiring.decision();

    private Step decide(GuestRedemptionResetSpec spec, GuestUser user, List<RoleAssignment> roles, List<GuestUser> holders) {
        return decision.decide(spec, new Observation.Found(user, roles, holders), status(), SELF, List.of(), NOW);
    }

    @Test
    void aDueResetAsksForRolesAndTheDesiredAddressEvenWhenNothingIsAdded() {
        Preflight preflight = ReconcileDecision.preflight(spec(OLD_MAIL), guest(OLD_MAIL, List.of(OLD_MAIL)), status());
        assertThat(preflight.directoryRoles()).isTrue();
        assertThat(preflight.emails()).containsExactly(OLD_MAIL);
    }

    @Test
    void addedOtherMailsAreCheckedWithTheFieldThatAsksForThem() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.getOtherMails().setAdd(List.of("assistant@new.example"));
        Preflight preflight = ReconcileDecision.preflight(spec, guest(OLD_MAIL, List.of()), status());
        assertThat(preflight.addresses()).containsExactly(new Preflight.Address("spec.desiredEmail", NEW_MAIL),
                new Preflight.Address("spec.otherMails.add", "assistant@new.example"));
    }

    @Test
    void aSettledResourceNeedsNoPreflightRead() {
        GuestUser synced = guest(NEW_MAIL, List.of(NEW_MAIL));
        var done = Guests.withReset(Guests.resolved(USER_ID, OLD_MAIL), new ResetRecord(USER_ID, NEW_MAIL, "inv", "t", "GraphResponse"));
        assertThat(ReconcileDecision.preflight(spec(NEW_MAIL), synced, done)).isEqualTo(Preflight.NOTHING);
    }

    @Test
    void aMemberNeedsNoPreflightReadAndIsRefusedFirst() {
        GuestUser member = user(USER_ID, "Member", OLD_MAIL, List.of(), ACCEPTED_AT);
        assertThat(ReconcileDecision.preflight(spec(NEW_MAIL), member, status())).isEqualTo(Preflight.NOTHING);
        assertThat(decide(spec(NEW_MAIL), member, null, null)).isInstanceOfSatisfying(Step.Stall.class,
                stall -> assertThat(stall.reason()).isEqualTo(Reasons.NOT_A_GUEST));
    }

    @Test
    void aRoleHolderIsRefusedBeforeItsMailIsChanged() {
        assertThat(decide(spec(NEW_MAIL), guest(OLD_MAIL, List.of()), List.of(ROLE), List.of()))
                .isInstanceOfSatisfying(Step.Stall.class, stall -> {
                    assertThat(stall.reason()).isEqualTo(Reasons.HOLDS_DIRECTORY_ROLE);
                    assertThat(stall.message()).contains("nothing was changed");
                });
    }

    /**
     * Graph's user-update page: app-only, changing otherMails of a user who holds a privileged admin
     * role needs the app itself to hold a higher role, so a drift repair with no reset due reads the
     * roles too and refuses before the PATCH (issue 16, point 2).
     */
    @Test
    void aDriftRepairOfOtherMailsWithNoResetDueReadsTheRoles() {
        var done = Guests.withReset(Guests.resolved(USER_ID, OLD_MAIL), new ResetRecord(USER_ID, NEW_MAIL, "inv", "t", "GraphResponse"));
        GuestUser drifted = guest(NEW_MAIL, List.of("someone@else.example"));
        assertThat(ReconcileDecision.preflight(spec(NEW_MAIL), drifted, done).directoryRoles()).isTrue();
        Step step = decision.decide(spec(NEW_MAIL), new Observation.Found(drifted, List.of(ROLE), List.of()), done, SELF,
                List.of(), NOW);
        assertThat(step).isInstanceOfSatisfying(Step.Stall.class, stall -> {
            assertThat(stall.reason()).isEqualTo(Reasons.HOLDS_DIRECTORY_ROLE);
            assertThat(stall.message()).contains("otherMails", "role-def", "Privileged Authentication Administrator",
                    "nothing was changed");
        });
    }

    @Test
    void aDriftRepairOfAGuestWithoutRolesStillPatches() {
        var done = Guests.withReset(Guests.resolved(USER_ID, OLD_MAIL), new ResetRecord(USER_ID, NEW_MAIL, "inv", "t", "GraphResponse"));
        GuestUser drifted = guest(NEW_MAIL, List.of("someone@else.example"));
        Step step = decision.decide(spec(NEW_MAIL), new Observation.Found(drifted, List.of(), List.of()), done, SELF, List.of(), NOW);
        assertThat(step).isInstanceOf(Step.UpdateEmails.class);
    }

    /** Who else holds the address, and how: each way is refused before any write, naming the other object id. */
    static Stream<Arguments> otherHolders() {
        return Stream.of(
                Arguments.of("another guest's mail", other(NEW_MAIL, List.of(), List.of(), "x_other#EXT#@host"), "as its mail"),
                Arguments.of("another user's otherMails", other("x@y.example", List.of(NEW_MAIL.toUpperCase()), List.of(),
                        "x_other#EXT#@host"), "in its otherMails"),
                Arguments.of("another user's proxy address", other("x@y.example", List.of(), List.of("smtp:" + NEW_MAIL),
                        "x_other#EXT#@host"), "as a proxy address"),
                Arguments.of("a member's UPN", other("x@y.example", List.of(), List.of(), NEW_MAIL), "as its user principal name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherHolders")
    void anAddressAnotherUserHoldsIsNeverAddedNorResetTo(String name, GuestUser holder, String how) {
        Step step = decide(spec(NEW_MAIL), guest(OLD_MAIL, List.of()), List.of(), List.of(holder));
        assertThat(step).isInstanceOfSatisfying(Step.Stall.class, stall -> {
            assertThat(stall.reason()).isEqualTo(Reasons.ADDRESS_OWNED_BY_ANOTHER_USER);
            assertThat(stall.message()).contains("spec.desiredEmail", OTHER_USER_ID, how, "Nothing was sent to Graph");
        });
    }

    @Test
    void keepingTheMailDoesNotLetAnotherGuestsMailThrough() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.setMail(MailPolicy.Keep);
        Step step = decide(spec, guest(OLD_MAIL, List.of()), List.of(), List.of(other(NEW_MAIL, List.of(), List.of(), "u")));
        assertThat(step).isInstanceOfSatisfying(Step.Stall.class,
                stall -> assertThat(stall.reason()).isEqualTo(Reasons.ADDRESS_OWNED_BY_ANOTHER_USER));
    }

    @Test
    void anOtherMailsEntryThatIsAMembersMailIsRefused() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.getOtherMails().setAdd(List.of("ceo@host.example"));
        GuestUser member = user(OTHER_USER_ID, "Member", "ceo@host.example", List.of(), ACCEPTED_AT);
        assertThat(decide(spec, guest(OLD_MAIL, List.of()), List.of(), List.of(member)))
                .isInstanceOfSatisfying(Step.Stall.class, stall -> assertThat(stall.message()).contains("spec.otherMails.add"));
    }

    @Test
    void theGuestHoldingTheAddressItselfIsNoObstacle() {
        GuestUser self = guest(OLD_MAIL, List.of(NEW_MAIL));
        assertThat(decide(spec(NEW_MAIL), self, List.of(), List.of(self))).isInstanceOf(Step.UpdateEmails.class);
    }

    private static GuestUser other(String mail, List<String> otherMails, List<String> proxies, String upn) {
        return new GuestUser(OTHER_USER_ID, "Other", upn, mail, otherMails, "Guest", "Invitation", "Accepted", ACCEPTED_AT,
                List.of(), proxies);
    }
}
