package io.guestops.grr.decision;

import static io.guestops.grr.decision.Guests.ACCEPTED_AT;
import static io.guestops.grr.decision.Guests.NEW_MAIL;
import static io.guestops.grr.decision.Guests.OLD_MAIL;
import static io.guestops.grr.decision.Guests.OTHER_USER_ID;
import static io.guestops.grr.decision.Guests.USER_ID;
import static io.guestops.grr.decision.Guests.guest;
import static io.guestops.grr.decision.Guests.resolved;
import static io.guestops.grr.decision.Guests.spec;
import static io.guestops.grr.decision.Guests.status;
import static io.guestops.grr.decision.Guests.user;
import static io.guestops.grr.decision.Guests.withPending;
import static io.guestops.grr.decision.Guests.withReset;
import static io.guestops.grr.decision.Guests.withStateChangedAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.decision.outcome.AcknowledgedWrite;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.model.MailPolicy;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.DecisionWiring;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReconcileDecisionTest {

    private static final Duration SETTLE_WINDOW = Duration.ofMinutes(10);
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    /** When the guest's last reset request was sent, in the tests where one is pending. */
    private static final Instant SENT = NOW.minus(Duration.ofMinutes(3));
    private static final RoleAssignment HELPDESK_ROLE =
            new RoleAssignment("ra-1", "729827e3-9c14-49f7-bb1b-9608f156bbb8", USER_ID, "/");

    private final ReconcileDecision decision = DecisionWiring.decisionWithSettleWindow(SETTLE_WINDOW);

    /** The step and the guest facts status remembers, as the reconciler gets them. */
    private record Decided(Step action, String userId, String previousEmail) {}

    private static final Peer SELF = new Peer(new ResourceRef("default", "self", Instant.parse("2024-01-01T00:00:00Z")),
            null, null);

    private Decided decided(GuestRedemptionResetSpec spec, Observation observation, GuestRedemptionResetStatus status,
                            Instant now) {
        Step step = decision.decide(spec, observation, status, SELF, List.of(), now);
        ResolvedGuest guest = ResolvedGuest.of(observation, status);
        return new Decided(step, guest.userId(), guest.previousEmail());
    }

    private Decided decide(GuestRedemptionResetSpec spec, GuestUser user, GuestRedemptionResetStatus status) {
        return decide(spec, user, null, status, NOW);
    }

    private Decided decide(GuestRedemptionResetSpec spec, GuestUser user, List<RoleAssignment> roles,
                            GuestRedemptionResetStatus status, Instant now) {
        return decided(spec, new Observation.Found(user, roles, List.of()), status, now);
    }

    private static PendingReset pending(String userId, String email, OffsetDateTime baseline, Instant attemptedAt, int attempts) {
        return new PendingReset(userId, email, baseline == null ? null : baseline.toString(), attemptedAt.toString(), attempts);
    }

    /** What Graph holds after the PATCH: null parts of the update are left as they were. */
    private static GuestUser apply(GuestUser user, EmailUpdate update) {
        return new GuestUser(user.id(), user.displayName(), user.userPrincipalName(),
                update.mail() == null ? user.mail() : update.mail(),
                update.otherMails() == null ? user.otherMails() : update.otherMails(),
                user.userType(), user.creationType(), user.externalUserState(), user.externalUserStateChangeDateTime(),
                user.identities(), user.proxyAddresses());
    }

    private static Step.IssueReset expectedReset(String email, OffsetDateTime baseline, Instant at, int attempts) {
        return new Step.IssueReset(
                new ResetInvitation(USER_ID, email, InvitationSpec.DEFAULT_REDIRECT_URL, false, null, null, null),
                pending(USER_ID, email, baseline, at, attempts).forRequest("", "default/self"));
    }

    @Nested
    class Lookup {

        @Test
        void aGuestThatDoesNotExistStallsAndNamesWhatWasLookedFor() {
            Decided result = decided(spec(NEW_MAIL), new Observation.Missing("object id " + USER_ID, "req-9"), status(), NOW);
            assertThat(result.action()).isInstanceOfSatisfying(Step.Stall.class, stall -> {
                assertThat(stall.reason()).isEqualTo(Reasons.USER_NOT_FOUND);
                assertThat(stall.message()).isEqualTo("No user in the tenant has object id " + USER_ID
                        + ". Check spec.guest. (request-id req-9)");
            });
            assertThat(result.userId()).isNull();
            assertThat(result.previousEmail()).isNull();
        }

        @Test
        void aMissingGuestWithoutRequestIdSaysNoRequestId() {
            Decided result = decided(spec(NEW_MAIL), new Observation.Missing("mail " + OLD_MAIL, null), status(), NOW);
            assertThat(((Step.Stall) result.action()).message()).doesNotContain("request-id");
        }

        @Test
        void severalUsersWithTheMailStallAndListThemAll() {
            Decided result = decided(spec(NEW_MAIL),
                    new Observation.SeveralMatches(OLD_MAIL, List.of(USER_ID, OTHER_USER_ID)), status(), NOW);
            assertThat(result.action()).isEqualTo(new Step.Stall(Reasons.AMBIGUOUS_USER, "2 users have mail '" + OLD_MAIL
                    + "' (" + USER_ID + ", " + OTHER_USER_ID + "); set spec.guest.userId to the one you mean."));
            assertThat(result.userId()).isNull();
        }

        @Test
        void throttlingWaitsAtLeastGraphsRetryAfter() {
            Decided result = decided(spec(NEW_MAIL),
                    new Observation.Unreadable(new GraphFailure.Throttled(Duration.ofSeconds(30), "req-1")), status(), NOW);
            assertThat(result.action()).isInstanceOfSatisfying(Step.Wait.class, wait -> {
                assertThat(wait.reason()).isEqualTo(Reasons.THROTTLED);
                assertThat(wait.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                assertThat(wait.message()).startsWith("While reading the guest: ").endsWith("(request-id req-1)");
            });
        }

        @Test
        void theBackoffGrowsWithTheFailuresAlreadyInStatus() {
            GuestRedemptionResetStatus status = status();
            status.setConsecutiveFailures(4);
            Decided result = decided(spec(NEW_MAIL),
                    new Observation.Unreadable(new GraphFailure.Throttled(Duration.ofSeconds(1), null)), status, NOW);
            // the fifth failure in a row: 2s * 2^4, which is longer than Graph's Retry-After
            assertThat(((Step.Wait) result.action()).retryAfter()).isEqualTo(Duration.ofSeconds(32));
        }

        @Test
        void anUnavailableGraphWaits() {
            Decided result = decided(spec(NEW_MAIL),
                    new Observation.Unreadable(new GraphFailure.Transient(503, "Service Unavailable", null, null)), null, NOW);
            assertThat(result.action()).isEqualTo(new Step.Wait(Reasons.GRAPH_UNAVAILABLE,
                    "While reading the guest: Graph unavailable (HTTP 503): Service Unavailable", Duration.ofSeconds(2)));
        }

        @Test
        void aLostAnswerToTheReadWaits() {
            Decided result = decided(spec(NEW_MAIL),
                    new Observation.Unreadable(new GraphFailure.Ambiguous("connection reset", null)), status(), NOW);
            assertThat(((Step.Wait) result.action()).reason()).isEqualTo(Reasons.RESET_OUTCOME_UNKNOWN);
        }

        @Test
        void aMissingPermissionStallsAsAccessDenied() {
            Decided result = decided(spec(NEW_MAIL), new Observation.Unreadable(new GraphFailure.Forbidden(403,
                    "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", "req-3")), status(), NOW);
            assertThat(result.action()).isInstanceOfSatisfying(Step.Stall.class,
                    stall -> assertThat(stall.reason()).isEqualTo(Reasons.GRAPH_ACCESS_DENIED));
        }

        @Test
        void aUserIdGraphDoesNotKnowStallsAsNotFound() {
            Decided result = decided(spec(NEW_MAIL), new Observation.Unreadable(new GraphFailure.NotFound(
                    "Request_ResourceNotFound", "Resource does not exist.", "req-4")), status(), NOW);
            assertThat(((Step.Stall) result.action()).reason()).isEqualTo(Reasons.USER_NOT_FOUND);
        }

        @Test
        void aReadGraphRejectsStallsAsRejected() {
            Decided result = decided(spec(NEW_MAIL), new Observation.Unreadable(new GraphFailure.InvalidRequest(400,
                    "Request_BadRequest", "Invalid object identifier.", "req-5")), status(), NOW);
            assertThat(result.action()).isEqualTo(new Step.Stall(Reasons.GRAPH_REJECTED,
                    "While reading the guest: Graph Request_BadRequest (HTTP 400): Invalid object identifier. (request-id req-5)"));
        }
    }

    @Nested
    class Members {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"Member", "member", "GuestUser"})
        void aUserThatIsNotAGuestIsNeverTouched(String userType) {
            GuestUser member = user(USER_ID, userType, OLD_MAIL, List.of(), ACCEPTED_AT);
            Decided result = decide(spec(NEW_MAIL), member, status());
            assertThat(result.action()).isInstanceOfSatisfying(Step.Stall.class, stall -> {
                assertThat(stall.reason()).isEqualTo(Reasons.NOT_A_GUEST);
                assertThat(stall.message()).contains(USER_ID, "userType " + userType, "never invites a member");
            });
            assertThat(result.userId()).isEqualTo(USER_ID);
        }

        @Test
        void aMemberIsRefusedEvenWhenAPendingResetLooksEffective() {
            GuestUser member = user(USER_ID, "Member", NEW_MAIL, List.of(NEW_MAIL), ACCEPTED_AT.plusDays(1));
            GuestRedemptionResetStatus status = withPending(resolved(USER_ID, OLD_MAIL),
                    pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1));
            assertThat(decide(spec(NEW_MAIL), member, status).action())
                    .isInstanceOfSatisfying(Step.Stall.class, stall -> assertThat(stall.reason()).isEqualTo(Reasons.NOT_A_GUEST));
        }

        @Test
        void aMemberIsRefusedEvenAfterAnUnansweredResetsSettleWindow() {
            GuestUser member = user(USER_ID, "Member", NEW_MAIL, List.of(NEW_MAIL), ACCEPTED_AT);
            GuestRedemptionResetStatus status = withPending(resolved(USER_ID, OLD_MAIL),
                    pending(USER_ID, NEW_MAIL, ACCEPTED_AT, NOW.minus(Duration.ofHours(1)), 1));
            assertThat(((Step.Stall) decide(spec(NEW_MAIL), member, status).action()).reason()).isEqualTo(Reasons.NOT_A_GUEST);
        }

        @Test
        void aMemberIsRefusedEvenWhenAResetIsRecorded() {
            GuestUser member = user(USER_ID, "Member", NEW_MAIL, List.of(NEW_MAIL), ACCEPTED_AT);
            GuestRedemptionResetStatus status = withReset(resolved(USER_ID, OLD_MAIL),
                    new ResetRecord(USER_ID, NEW_MAIL, "inv-1", SENT.toString(), ConfirmedBy.GRAPH_RESPONSE));
            assertThat(((Step.Stall) decide(spec(NEW_MAIL), member, status).action()).reason()).isEqualTo(Reasons.NOT_A_GUEST);
        }

        @Test
        void userTypeIsComparedWithoutRegardToCase() {
            GuestUser lowerCaseGuest = user(USER_ID, "guest", NEW_MAIL, List.of(NEW_MAIL), ACCEPTED_AT);
            assertThat(decide(spec(NEW_MAIL), lowerCaseGuest, status()).action()).isInstanceOf(Step.IssueReset.class);
        }
    }

    @Nested
    class Addresses {

        @Test
        void theFirstPassPatchesMailAndAppendsTheDesiredEmail() {
            GuestUser user = guest(OLD_MAIL, List.of(OLD_MAIL, "jane@home.example"));
            Decided result = decide(spec(NEW_MAIL), user, status());
            assertThat(result.action()).isEqualTo(new Step.UpdateEmails(USER_ID,
                    new EmailUpdate(NEW_MAIL, List.of(OLD_MAIL, "jane@home.example", NEW_MAIL)), true));
            assertThat(result.userId()).isEqualTo(USER_ID);
            assertThat(result.previousEmail()).isEqualTo(OLD_MAIL);
        }

        @Test
        void keepLeavesMailAndResetsOnceTheDesiredEmailIsInOtherMails() {
            GuestRedemptionResetSpec spec = spec(NEW_MAIL);
            spec.setMail(MailPolicy.Keep);
            GuestUser user = guest(OLD_MAIL, List.of("jane@home.example"));
            Step first = decide(spec, user, status()).action();
            assertThat(first).isEqualTo(new Step.UpdateEmails(USER_ID,
                    new EmailUpdate(null, List.of("jane@home.example", NEW_MAIL)), true));

            GuestUser patched = apply(user, ((Step.UpdateEmails) first).update());
            assertThat(patched.mail()).isEqualTo(OLD_MAIL);
            assertThat(decide(spec, patched, resolved(USER_ID, OLD_MAIL)).action())
                    .usingRecursiveComparison().isEqualTo(expectedReset(NEW_MAIL, ACCEPTED_AT, NOW, 1));
        }

        /** The status after Graph answered 204 to {@code update} at {@code at}. */
        private GuestRedemptionResetStatus acknowledged(EmailUpdate update, Instant at) {
            GuestRedemptionResetStatus status = resolved(USER_ID, OLD_MAIL);
            status.setEmailsUpdatedAt(at.toString());
            status.setEmailsWritten(AcknowledgedWrite.fingerprint(update));
            return status;
        }

        @Test
        void anAcknowledgedPatchIsNotSentAgainWhileAReadStillShowsTheOldValues() {
            GuestUser stale = guest(OLD_MAIL, List.of(OLD_MAIL, "jane@home.example"));
            EmailUpdate sent = ((Step.UpdateEmails) decide(spec(NEW_MAIL), stale, status()).action()).update();
            GuestRedemptionResetStatus status = acknowledged(sent, NOW.minusSeconds(1));

            assertThat(decide(spec(NEW_MAIL), stale, null, status, NOW).action()).as("within the trust window")
                    .isInstanceOf(Step.IssueReset.class);
            assertThat(decide(spec(NEW_MAIL), stale, null, status, NOW.plus(AcknowledgedWrite.TRUST_WINDOW)).action())
                    .as("a read that still differs after the window is believed").isEqualTo(new Step.UpdateEmails(USER_ID, sent, true));
        }

        @Test
        void aReadShowingAnotherChangeAfterTheAcknowledgedPatchIsRepairedAtOnceKeepingTheirEntry() {
            GuestUser stale = guest(OLD_MAIL, List.of(OLD_MAIL));
            EmailUpdate sent = ((Step.UpdateEmails) decide(spec(NEW_MAIL), stale, status()).action()).update();
            // Someone else replaced otherMails right after the 204: our address is gone, theirs is new.
            GuestUser changedByOthers = guest(NEW_MAIL, List.of(OLD_MAIL, "added@by.admin"));

            Step step = decide(spec(NEW_MAIL), changedByOthers, null, acknowledged(sent, NOW.minusSeconds(1)), NOW).action();

            assertThat(step).isEqualTo(new Step.UpdateEmails(USER_ID,
                    new EmailUpdate(null, List.of(OLD_MAIL, "added@by.admin", NEW_MAIL)), true));
        }

        @Test
        void addressesThatDifferOnlyInCaseNeedNoPatch() {
            GuestUser user = guest("jane@new.example", List.of("JANE@NEW.EXAMPLE"));
            Step action = decide(spec("Jane@New.Example"), user, status()).action();
            assertThat(action).usingRecursiveComparison().isEqualTo(expectedReset("Jane@New.Example", ACCEPTED_AT, NOW, 1));
        }

        @Test
        void aPlainResetOfTheCurrentMailIsIssuedOnce() {
            GuestUser user = guest(OLD_MAIL, List.of(OLD_MAIL));
            Step first = decide(spec(OLD_MAIL), user, status()).action();
            assertThat(first).usingRecursiveComparison().isEqualTo(expectedReset(OLD_MAIL, ACCEPTED_AT, NOW, 1));

            ResetRecord done = new ResetRecord(USER_ID, OLD_MAIL, "inv-1", NOW.toString(), ConfirmedBy.GRAPH_RESPONSE);
            GuestUser afterReset = withStateChangedAt(user, ACCEPTED_AT.plusMonths(3));
            Step later = decide(spec(OLD_MAIL), afterReset, withReset(resolved(USER_ID, OLD_MAIL), done)).action();
            assertThat(later).isInstanceOfSatisfying(Step.Settled.class, settled -> assertThat(settled.reset()).isSameAs(done));
        }

        @Test
        void aPlainResetFirstAddsTheCurrentMailToOtherMails() {
            GuestUser user = guest(OLD_MAIL, List.of());
            assertThat(decide(spec(OLD_MAIL), user, status()).action())
                    .isEqualTo(new Step.UpdateEmails(USER_ID, new EmailUpdate(null, List.of(OLD_MAIL)), true));
        }

        @Test
        void thePreviousEmailIsTheOneSeenFirstAndIsKeptAfterMailChanged() {
            GuestUser patched = guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL));
            Decided result = decide(spec(NEW_MAIL), patched, resolved(USER_ID, OLD_MAIL));
            assertThat(result.previousEmail()).isEqualTo(OLD_MAIL);
            assertThat(result.action()).isInstanceOf(Step.IssueReset.class);
        }

        @Test
        void aPreviousEmailRememberedForAnotherUserIsNotReused() {
            GuestUser user = guest("jane@current.example", List.of());
            Decided result = decide(spec(NEW_MAIL), user, resolved(OTHER_USER_ID, OLD_MAIL));
            assertThat(result.previousEmail()).isEqualTo("jane@current.example");
        }

        @Test
        void aGuestWithoutMailHasNoPreviousEmail() {
            Decided result = decide(spec(NEW_MAIL), guest(null, List.of()), status());
            assertThat(result.previousEmail()).isNull();
            assertThat(result.action()).isEqualTo(new Step.UpdateEmails(USER_ID, new EmailUpdate(NEW_MAIL, List.of(NEW_MAIL)), true));
        }

        @Test
        void removePreviousEmailDropsTheRememberedMailInALaterPass() {
            GuestRedemptionResetSpec spec = spec(NEW_MAIL);
            spec.getOtherMails().setRemovePreviousEmail(true);
            GuestUser patchedByAnotherTool = guest(NEW_MAIL, List.of(OLD_MAIL, "jane@home.example", NEW_MAIL));
            assertThat(decide(spec, patchedByAnotherTool, resolved(USER_ID, OLD_MAIL)).action()).isEqualTo(
                    new Step.UpdateEmails(USER_ID, new EmailUpdate(null, List.of("jane@home.example", NEW_MAIL)), true));
        }

        @Test
        void removePreviousEmailOnTheFirstPassRemovesTheCurrentMailFromOtherMails() {
            GuestRedemptionResetSpec spec = spec(NEW_MAIL);
            spec.getOtherMails().setRemovePreviousEmail(true);
            GuestUser user = guest(OLD_MAIL, List.of(OLD_MAIL, "jane@home.example"));
            assertThat(decide(spec, user, status()).action()).isEqualTo(
                    new Step.UpdateEmails(USER_ID, new EmailUpdate(NEW_MAIL, List.of("jane@home.example", NEW_MAIL)), true));
        }

        @Test
        void moreOtherMailsThanGraphAllowsStalls() {
            List<String> many = IntStream.range(0, EmailPlan.MAX_OTHER_MAILS).mapToObj(i -> "alias" + i + "@mail.example").toList();
            Step action = decide(spec(NEW_MAIL), guest(OLD_MAIL, many), status()).action();
            assertThat(action).isInstanceOfSatisfying(Step.Stall.class, stall -> {
                assertThat(stall.reason()).isEqualTo(Reasons.TOO_MANY_OTHER_MAILS);
                assertThat(stall.message()).contains("251", "250");
            });
        }

        @Test
        void addressesAreRestoredWhenSomeoneRemovedThemAfterTheReset() {
            GuestUser drifted = guest(NEW_MAIL, List.of("jane@home.example"));
            GuestRedemptionResetStatus status = withReset(resolved(USER_ID, OLD_MAIL),
                    new ResetRecord(USER_ID, NEW_MAIL, "inv-1", SENT.toString(), ConfirmedBy.GRAPH_RESPONSE));
            assertThat(decide(spec(NEW_MAIL), drifted, status).action()).isEqualTo(
                    new Step.UpdateEmails(USER_ID, new EmailUpdate(null, List.of("jane@home.example", NEW_MAIL)), false));
        }
    }

    @Nested
    class RecordedReset {

        private final GuestUser synced = guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL));

        @Test
        void aResetRecordedForThisUserAndEmailSettles() {
            ResetRecord done = new ResetRecord(USER_ID, "JANE@new.example", "inv-1", SENT.toString(),
                    ConfirmedBy.GRAPH_RESPONSE);
            Step action = decide(spec(NEW_MAIL), synced, withReset(resolved(USER_ID, OLD_MAIL), done)).action();
            assertThat(action).isInstanceOfSatisfying(Step.Settled.class, settled -> assertThat(settled.reset()).isSameAs(done));
        }

        @Test
        void aSettledGuestStaysSettledWhenItHoldsARole() {
            ResetRecord done = new ResetRecord(USER_ID, NEW_MAIL, "inv-1", SENT.toString(), ConfirmedBy.GRAPH_RESPONSE);
            Step action = decide(spec(NEW_MAIL), synced, List.of(HELPDESK_ROLE), withReset(resolved(USER_ID, OLD_MAIL), done), NOW)
                    .action();
            assertThat(action).isInstanceOf(Step.Settled.class);
        }

        @Test
        void aResetRecordedForAnotherEmailLeadsToANewReset() {
            ResetRecord earlier = new ResetRecord(USER_ID, OLD_MAIL, "inv-1", SENT.toString(), ConfirmedBy.GRAPH_RESPONSE);
            Step action = decide(spec(NEW_MAIL), synced, withReset(resolved(USER_ID, OLD_MAIL), earlier)).action();
            assertThat(action).usingRecursiveComparison().isEqualTo(expectedReset(NEW_MAIL, ACCEPTED_AT, NOW, 1));
        }

        @Test
        void aResetRecordedForAnotherUserLeadsToANewReset() {
            ResetRecord otherUser = new ResetRecord(OTHER_USER_ID, NEW_MAIL, "inv-1", SENT.toString(),
                    ConfirmedBy.GRAPH_RESPONSE);
            Step action = decide(spec(NEW_MAIL), synced, withReset(resolved(OTHER_USER_ID, OLD_MAIL), otherUser)).action();
            assertThat(action).usingRecursiveComparison().isEqualTo(expectedReset(NEW_MAIL, ACCEPTED_AT, NOW, 1));
        }
    }

    @Nested
    class Roles {

        private final GuestUser synced = guest(NEW_MAIL, List.of(NEW_MAIL));

        @Test
        void aRoleHolderStallsInsteadOfBeingReset() {
            Step action = decide(spec(NEW_MAIL), synced, List.of(HELPDESK_ROLE), status(), NOW).action();
            assertThat(action).isInstanceOfSatisfying(Step.Stall.class, stall -> {
                assertThat(stall.reason()).isEqualTo(Reasons.HOLDS_DIRECTORY_ROLE);
                assertThat(stall.message()).contains(USER_ID, HELPDESK_ROLE.roleDefinitionId());
            });
        }

        @Test
        void rolesThatWereNotReadDoNotBlockTheReset() {
            assertThat(decide(spec(NEW_MAIL), synced, null, status(), NOW).action()).isInstanceOf(Step.IssueReset.class);
        }

        @Test
        void noRolesDoNotBlockTheReset() {
            assertThat(decide(spec(NEW_MAIL), synced, List.of(), status(), NOW).action()).isInstanceOf(Step.IssueReset.class);
        }

        @Test
        void aRoleHolderIsRefusedBeforeItsAddressesAreTouched() {
            GuestUser unsynced = guest(OLD_MAIL, List.of());
            assertThat(decide(spec(NEW_MAIL), unsynced, List.of(HELPDESK_ROLE), status(), NOW).action())
                    .isInstanceOfSatisfying(Step.Stall.class,
                            stall -> assertThat(stall.reason()).isEqualTo(Reasons.HOLDS_DIRECTORY_ROLE));
        }
    }

    @Nested
    class Invitation {

        private final GuestUser synced = guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL));

        @Test
        void theDefaultResetRedirectsToMyAppsAndSendsNoMessage() {
            Step action = decide(spec(NEW_MAIL), synced, status()).action();
            assertThat(action).isInstanceOfSatisfying(Step.IssueReset.class, reset -> {
                assertThat(reset.invitation()).isEqualTo(new ResetInvitation(USER_ID, NEW_MAIL,
                        "https://myapps.microsoft.com", false, null, null, null));
                assertThat(reset.intent()).usingRecursiveComparison()
                        .isEqualTo(new PendingReset(USER_ID, NEW_MAIL, "2024-03-01T09:00Z", "2024-06-01T12:00:00Z", 1)
                                .forRequest("", "default/self"));
            });
        }

        @Test
        void anAbsentInvitationOrRedirectUsesTheDefaultRedirect() {
            GuestRedemptionResetSpec noInvitation = spec(NEW_MAIL);
            noInvitation.setInvitation(null);
            GuestRedemptionResetSpec noRedirect = spec(NEW_MAIL);
            noRedirect.getInvitation().setRedirectUrl(null);
            for (GuestRedemptionResetSpec spec : List.of(noInvitation, noRedirect)) {
                Step.IssueReset reset = (Step.IssueReset) decide(spec, synced, status()).action();
                assertThat(reset.invitation().redirectUrl()).isEqualTo(InvitationSpec.DEFAULT_REDIRECT_URL);
            }
        }

        @Test
        void theResetCarriesTheInvitationSettings() {
            GuestRedemptionResetSpec spec = spec(" " + NEW_MAIL + " ");
            InvitationSpec invitation = spec.getInvitation();
            invitation.setRedirectUrl("https://apps.contoso.example/start");
            invitation.setSendInvitationMessage(true);
            invitation.setMessageLanguage("de-DE");
            invitation.setCcRecipient("helpdesk@contoso.example");
            invitation.setCustomizedMessageBody("Bitte neu anmelden.");
            Step.IssueReset reset = (Step.IssueReset) decide(spec, synced, status()).action();
            assertThat(reset.invitation()).isEqualTo(new ResetInvitation(USER_ID, NEW_MAIL, "https://apps.contoso.example/start",
                    true, "de-DE", "helpdesk@contoso.example", "Bitte neu anmelden."));
            assertThat(reset.intent().getEmail()).isEqualTo(NEW_MAIL);
        }

        @Test
        void aGuestThatNeverChangedStateHasNoBaseline() {
            GuestUser neverChanged = user(USER_ID, "Guest", NEW_MAIL, List.of(NEW_MAIL), null);
            Step.IssueReset reset = (Step.IssueReset) decide(spec(NEW_MAIL), neverChanged, status()).action();
            assertThat(reset.intent().getBaselineStateChangeTime()).isNull();
            assertThat(reset.intent().getAttemptedAt()).isEqualTo(NOW.toString());
        }
    }

    @Nested
    class PendingResets {

        private final GuestUser synced = guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL));

        private GuestRedemptionResetStatus pendingStatus(PendingReset pending) {
            return withPending(resolved(USER_ID, OLD_MAIL), pending);
        }

        @Test
        void aResetWhoseEffectGraphShowsIsConfirmedNotSentAgain() {
            GuestUser reset = withStateChangedAt(synced, OffsetDateTime.parse("2024-06-01T11:57:02Z"));
            Step action = decide(spec(NEW_MAIL), reset, pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1))).action();
            assertThat(action).isInstanceOfSatisfying(Step.ConfirmReset.class, confirm -> assertThat(confirm.record())
                    .usingRecursiveComparison().isEqualTo(new ResetRecord(USER_ID, NEW_MAIL, null, SENT.toString(),
                            ConfirmedBy.USER_STATE)));
        }

        @Test
        void aResetWhoseEffectShowsLongAfterTheWindowIsStillConfirmed() {
            GuestUser reset = withStateChangedAt(synced, ACCEPTED_AT.plusSeconds(1));
            Instant muchLater = SENT.plus(Duration.ofDays(2));
            Step action = decide(spec(NEW_MAIL), reset, null,
                    pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 3)), muchLater).action();
            assertThat(action).isInstanceOf(Step.ConfirmReset.class);
        }

        @Test
        void withinTheSettleWindowTheOperatorWaitsInsteadOfResendingAndDoesNotTouchAddresses() {
            GuestUser unchangedAndUnsynced = guest(OLD_MAIL, List.of());
            Step action = decide(spec(NEW_MAIL), unchangedAndUnsynced,
                    pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1))).action();
            assertThat(action).isInstanceOfSatisfying(Step.AwaitResetOutcome.class, await -> {
                assertThat(await.recheckAfter()).isEqualTo(Duration.ofMinutes(7));
                assertThat(await.message()).contains(NEW_MAIL, SENT.toString(), SENT.plus(SETTLE_WINDOW).toString());
            });
        }

        @Test
        void afterTheSettleWindowWithNoEffectTheResetIsSentAgainAndCounted() {
            Instant windowEnd = SENT.plus(SETTLE_WINDOW);
            Step action = decide(spec(NEW_MAIL), synced, null,
                    pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 2)), windowEnd).action();
            assertThat(action).usingRecursiveComparison().isEqualTo(expectedReset(NEW_MAIL, ACCEPTED_AT, windowEnd, 3));
        }

        @Test
        void oneMillisecondBeforeTheWindowEndsItStillWaits() {
            Instant justBefore = SENT.plus(SETTLE_WINDOW).minusMillis(1);
            Step action = decide(spec(NEW_MAIL), synced, null,
                    pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1)), justBefore).action();
            assertThat(action).isEqualTo(new Step.AwaitResetOutcome(Duration.ofMillis(1), ((Step.AwaitResetOutcome) action).message()));
        }

        /**
         * Within the settle window, the guest's state change time proves the reset took effect only
         * when it is after the intent's baseline (the acceptance), or, without a baseline, at all.
         */
        @ParameterizedTest(name = "state changed {0} -> confirmed: {3}")
        @CsvSource(delimiter = '|', value = {
            "at the baseline                  |  0 | true  | false",
            "a day before the baseline        | -1 | true  | false",
            "at acceptance, with no baseline  |  0 | false | true",
        })
        void aStateChangeTimeProvesTheEffectOnlyAfterTheBaseline(String when, int daysAfterAcceptance, boolean baselineRecorded,
                                                                 boolean confirmed) {
            GuestUser user = withStateChangedAt(synced, ACCEPTED_AT.plusDays(daysAfterAcceptance));
            OffsetDateTime baseline = baselineRecorded ? ACCEPTED_AT : null;
            Step action = decide(spec(NEW_MAIL), user, pendingStatus(pending(USER_ID, NEW_MAIL, baseline, SENT, 1))).action();
            assertThat(action).isInstanceOf(confirmed ? Step.ConfirmReset.class : Step.AwaitResetOutcome.class);
        }

        @Test
        void withoutABaselineAndWithoutAStateChangeTimeItWaitsThenResendsWithoutBaseline() {
            GuestUser neverChanged = user(USER_ID, "Guest", NEW_MAIL, List.of(NEW_MAIL), null);
            PendingReset intent = pending(USER_ID, NEW_MAIL, null, SENT, 1);
            assertThat(decide(spec(NEW_MAIL), neverChanged, pendingStatus(intent)).action())
                    .isInstanceOf(Step.AwaitResetOutcome.class);
            Instant later = SENT.plus(Duration.ofHours(1));
            assertThat(decide(spec(NEW_MAIL), neverChanged, null, pendingStatus(intent), later).action())
                    .usingRecursiveComparison().isEqualTo(expectedReset(NEW_MAIL, null, later, 2));
        }

        @Test
        void aPendingResetForAnEmailNoLongerDesiredIsAwaitedThenDropped() {
            GuestUser user = guest(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL));
            PendingReset forOldSpec = pending(USER_ID, "jane@older.example", ACCEPTED_AT, SENT, 1);
            assertThat(decide(spec(NEW_MAIL), user, pendingStatus(forOldSpec)).action()).isInstanceOf(Step.AwaitResetOutcome.class);

            Step later = decide(spec(NEW_MAIL), user, null, pendingStatus(forOldSpec), SENT.plus(SETTLE_WINDOW)).action();
            assertThat(later).isInstanceOfSatisfying(Step.DropPendingReset.class,
                    drop -> assertThat(drop.message()).contains("jane@older.example"));
        }

        @Test
        void aPendingResetForAnEmailNoLongerDesiredThatTookEffectIsConfirmedForThatEmail() {
            GuestUser reset = withStateChangedAt(synced, ACCEPTED_AT.plusDays(1));
            PendingReset forOldSpec = pending(USER_ID, "jane@older.example", ACCEPTED_AT, SENT, 1);
            Step action = decide(spec(NEW_MAIL), reset, pendingStatus(forOldSpec)).action();
            assertThat(action).isInstanceOfSatisfying(Step.ConfirmReset.class,
                    confirm -> assertThat(confirm.record().getEmail()).isEqualTo("jane@older.example"));
        }

        @Test
        void aPendingResetOfAnotherUserIsNeverConfirmedFromThisUsersState() {
            GuestUser reset = withStateChangedAt(synced, ACCEPTED_AT.plusDays(1));
            PendingReset forOtherUser = pending(OTHER_USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1);
            assertThat(decide(spec(NEW_MAIL), reset, pendingStatus(forOtherUser)).action())
                    .isInstanceOf(Step.AwaitResetOutcome.class);
            assertThat(decide(spec(NEW_MAIL), reset, null, pendingStatus(forOtherUser), SENT.plus(SETTLE_WINDOW)).action())
                    .isInstanceOf(Step.DropPendingReset.class);
        }

        @Test
        void afterTheWindowAddressesThatDriftedAreFixedBeforeResending() {
            GuestUser drifted = guest(OLD_MAIL, List.of(OLD_MAIL));
            Step action = decide(spec(NEW_MAIL), drifted, null,
                    pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1)), SENT.plus(SETTLE_WINDOW)).action();
            assertThat(action).isEqualTo(new Step.UpdateEmails(USER_ID, new EmailUpdate(NEW_MAIL, List.of(OLD_MAIL, NEW_MAIL)), true));
        }

        @Test
        void afterTheWindowThePreviousEmailIsRemovedBeforeResending() {
            GuestRedemptionResetSpec spec = spec(NEW_MAIL);
            spec.getOtherMails().setRemovePreviousEmail(true);
            Step action = decide(spec, synced, null,
                    pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1)), SENT.plus(SETTLE_WINDOW)).action();
            assertThat(action).isEqualTo(new Step.UpdateEmails(USER_ID, new EmailUpdate(null, List.of(NEW_MAIL)), true));
        }

        @Test
        void afterTheWindowARoleHolderStallsInsteadOfBeingResetAgain() {
            Step action = decide(spec(NEW_MAIL), synced, List.of(HELPDESK_ROLE),
                    pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1)), SENT.plus(SETTLE_WINDOW)).action();
            assertThat(action).isInstanceOfSatisfying(Step.Stall.class,
                    stall -> assertThat(stall.reason()).isEqualTo(Reasons.HOLDS_DIRECTORY_ROLE));
        }

        @Test
        void aStalePendingResetNeverRepeatsAResetAlreadyRecordedForThisUserAndEmail() {
            ResetRecord done = new ResetRecord(USER_ID, NEW_MAIL, "inv-1", SENT.toString(), ConfirmedBy.GRAPH_RESPONSE);
            GuestRedemptionResetStatus status = withReset(pendingStatus(pending(USER_ID, NEW_MAIL, ACCEPTED_AT, SENT, 1)), done);
            Step action = decide(spec(NEW_MAIL), synced, null, status, SENT.plus(SETTLE_WINDOW)).action();
            assertThat(action).isInstanceOf(Step.Settled.class);
        }
    }

    /** One resource from creation to settled, feeding each decision's effect back in as the operator would. */
    @Test
    void aGuestIsPatchedResetOnceAndSettledEvenWhenTheResetAnswerIsLost() {
        GuestRedemptionResetSpec spec = spec(NEW_MAIL);
        spec.getOtherMails().setRemovePreviousEmail(true);
        GuestUser user = guest(OLD_MAIL, List.of(OLD_MAIL, "jane@home.example"));
        GuestRedemptionResetStatus status = status();

        Decided first = decide(spec, user, status);
        status.setUserId(first.userId());
        status.setPreviousEmail(first.previousEmail());
        user = apply(user, ((Step.UpdateEmails) first.action()).update());
        assertThat(user.mail()).isEqualTo(NEW_MAIL);
        assertThat(user.otherMails()).containsExactly("jane@home.example", NEW_MAIL);

        Decided second = decide(spec, user, status);
        assertThat(second.previousEmail()).isEqualTo(OLD_MAIL);
        PendingReset intent = ((Step.IssueReset) second.action()).intent();
        status.setPendingReset(intent);

        // Graph's answer was lost; Graph has not shown the effect yet.
        Instant soon = NOW.plusSeconds(30);
        assertThat(decide(spec, user, null, status, soon).action()).isInstanceOf(Step.AwaitResetOutcome.class);

        // The reset landed: Graph moved the user's state after the baseline the intent recorded.
        user = withStateChangedAt(user, OffsetDateTime.parse("2024-06-01T12:00:05Z"));
        Step confirm = decide(spec, user, null, status, NOW.plusSeconds(60)).action();
        assertThat(confirm).isInstanceOf(Step.ConfirmReset.class);
        status.setReset(((Step.ConfirmReset) confirm).record());
        status.setPendingReset(null);

        Step settled = decide(spec, user, null, status, NOW.plus(Duration.ofDays(30))).action();
        assertThat(settled).isInstanceOf(Step.Settled.class);
    }

    /**
     * Property-style check over thousands of generated guests and specs (seeded, so a failure is
     * reproducible): the PATCH never loses an entry it may not remove, always contains the desired
     * email, is idempotent, and nothing but a guest is ever reset.
     */
    @Test
    void generatedCasesKeepEveryAddressAreIdempotentAndNeverResetANonGuest() {
        Random random = new Random(20240601L);
        String[] pool = {"a@x.example", "A@X.example", "b@x.example", "jane@old.example", "JANE@OLD.EXAMPLE",
                "jane@new.example", "Jane@New.Example", "c@y.example", "d@y.example", "e@z.example"};
        String[] userTypes = {"Guest", "guest", "Member", null};
        for (int run = 0; run < 5_000; run++) {
            String mail = random.nextInt(5) == 0 ? null : pick(random, pool);
            List<String> otherMails = randomSubList(random, pool, 6);
            String userType = pick(random, userTypes);
            GuestUser user = user(USER_ID, userType, mail, otherMails, random.nextBoolean() ? ACCEPTED_AT : null);

            GuestRedemptionResetSpec spec = spec(pick(random, pool));
            spec.setMail(random.nextBoolean() ? MailPolicy.SetToDesiredEmail : MailPolicy.Keep);
            spec.getOtherMails().setAdd(randomSubList(random, pool, 3));
            spec.getOtherMails().setRemovePreviousEmail(random.nextBoolean());
            String previousEmail = random.nextBoolean() ? pick(random, pool) : null;
            GuestRedemptionResetStatus status = previousEmail == null ? status() : resolved(USER_ID, previousEmail);
            String described = "run " + run + ": user " + user + ", desired " + spec.getDesiredEmail() + ", add "
                    + spec.getOtherMails().getAdd() + ", remove " + spec.getOtherMails().isRemovePreviousEmail()
                    + ", policy " + spec.getMail() + ", previous " + previousEmail;

            Decided first = decide(spec, user, status);
            if (!user.isGuest()) {
                assertThat(first.action()).as(described).isInstanceOfSatisfying(Step.Stall.class,
                        stall -> assertThat(stall.reason()).isEqualTo(Reasons.NOT_A_GUEST));
                continue;
            }
            String effectivePrevious = previousEmail == null ? mail : previousEmail;
            assertThat(first.previousEmail()).as(described).isEqualTo(effectivePrevious);

            if (first.action() instanceof Step.UpdateEmails update) {
                assertThat(update.update().isEmpty()).as(described).isFalse();
            } else {
                assertThat(first.action()).as(described).isInstanceOf(Step.IssueReset.class);
            }
            GuestUser after = first.action() instanceof Step.UpdateEmails update ? apply(user, update.update()) : user;
            boolean mayRemovePrevious = spec.getOtherMails().isRemovePreviousEmail() && effectivePrevious != null
                    && !Emails.same(effectivePrevious, spec.getDesiredEmail());
            for (String existing : otherMails) {
                boolean removable = mayRemovePrevious && Emails.same(existing, effectivePrevious)
                        && spec.getOtherMails().getAdd().stream().noneMatch(added -> Emails.same(added, existing));
                if (!removable) {
                    assertThat(after.otherMails()).as(described).contains(existing);
                }
            }
            assertThat(after.otherMails()).as(described).anyMatch(m -> Emails.same(m, spec.getDesiredEmail()));
            spec.getOtherMails().getAdd()
                    .forEach(added -> assertThat(after.otherMails()).as(described).anyMatch(m -> Emails.same(m, added)));
            if (spec.getMail() == MailPolicy.SetToDesiredEmail) {
                assertThat(Emails.same(after.mail(), spec.getDesiredEmail())).as(described).isTrue();
            } else {
                assertThat(after.mail()).as(described).isEqualTo(mail);
            }

            GuestRedemptionResetStatus remembered = resolved(first.userId(), first.previousEmail());
            Step again = decide(spec, after, remembered).action();
            assertThat(again).as(described).isNotInstanceOf(Step.UpdateEmails.class);
            assertThat(again).as(described).isInstanceOfSatisfying(Step.IssueReset.class,
                    reset -> assertThat(reset.invitation().email()).isEqualTo(spec.getDesiredEmail().trim()));
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static List<String> randomSubList(Random random, String[] pool, int maxSize) {
        List<String> list = new ArrayList<>();
        int size = random.nextInt(maxSize + 1);
        for (int i = 0; i < size; i++) {
            list.add(pick(random, pool));
        }
        return list;
    }
}
