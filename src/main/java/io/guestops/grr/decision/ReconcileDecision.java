package io.guestops.grr.decision;

import io.guestops.grr.graph.EmailUpdate;
import io.guestops.grr.graph.GuestUser;
import io.guestops.grr.graph.ResetInvitation;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.stream.Collectors;

/**
 * The reconcile decision: a pure function from (spec, observed Graph user, status, time) to the one
 * next action. All Graph and Kubernetes effects happen outside it.
 *
 * <p>The order of the checks is the safety argument: a member is refused before anything else can
 * write; a pending reset is settled from Graph's state before any new one is considered; addresses
 * are fixed (and confirmed by a fresh read on the next pass) before a reset is issued; and a reset
 * already recorded for this (user, email) is never issued again.
 */
public final class ReconcileDecision {

    /** How confirmations of a reset are named in {@link ResetRecord#getConfirmedBy()}. */
    public static final String CONFIRMED_BY_RESPONSE = "GraphResponse";
    public static final String CONFIRMED_BY_USER_STATE = "UserState";

    private final Duration settleWindow;
    private final FailurePolicy failurePolicy;

    /**
     * @param settleWindow how long after a reset request the operator trusts that Graph would show
     *                     its effect; only after it passes with no effect visible is a reset re-sent
     */
    public ReconcileDecision(Duration settleWindow, FailurePolicy failurePolicy) {
        this.settleWindow = settleWindow;
        this.failurePolicy = failurePolicy;
    }

    public Decision decide(GuestRedemptionResetSpec spec, Observation observation, GuestRedemptionResetStatus status, Instant now) {
        GuestRedemptionResetStatus current = status == null ? new GuestRedemptionResetStatus() : status;
        if (observation instanceof Observation.Missing missing) {
            return Decision.of(new Action.Stall(Reasons.USER_NOT_FOUND, "No user in the tenant has " + missing.lookedFor()
                    + ". Check spec.guest." + requestId(missing.requestId())));
        }
        if (observation instanceof Observation.SeveralMatches several) {
            return Decision.of(new Action.Stall(Reasons.AMBIGUOUS_USER, several.userIds().size() + " users have mail '"
                    + several.email() + "' (" + String.join(", ", several.userIds())
                    + "); set spec.guest.userId to the one you mean."));
        }
        if (observation instanceof Observation.Unreadable unreadable) {
            return Decision.of(failurePolicy.onFailure(unreadable.failure(), current.getConsecutiveFailures() + 1, "reading the guest"));
        }
        Observation.Found found = (Observation.Found) observation;
        GuestUser user = found.user();
        String previousEmail = current.getPreviousEmail() != null && user.id().equals(current.getUserId())
                ? current.getPreviousEmail() : user.mail();
        return new Decision(decideForUser(spec, found, current, now, previousEmail), user.id(), previousEmail);
    }

    private Action decideForUser(GuestRedemptionResetSpec spec, Observation.Found found, GuestRedemptionResetStatus status,
                                 Instant now, String previousEmail) {
        GuestUser user = found.user();
        if (!user.isGuest()) {
            return new Action.Stall(Reasons.NOT_A_GUEST, "User " + user.id() + " (" + user.userPrincipalName() + ") has userType "
                    + user.userType() + ". Only guests can have their redemption reset; the operator never invites a member, "
                    + "because that would convert the member into an external user.");
        }
        PendingReset pending = status.getPendingReset();
        int attempt = 1;
        if (pending != null) {
            Action pendingAction = settlePending(spec, user, pending, now);
            if (pendingAction != null) {
                return pendingAction;
            }
            // Graph has shown no effect for a whole settle window: the request did not land. The
            // normal path below sends it again, after the same checks as the first attempt (addresses
            // fixed, no reset recorded for this user and email, no directory role).
            attempt = pending.getAttempts() + 1;
        }
        EmailPlan plan = EmailPlan.of(spec, user, previousEmail);
        if (plan.exceedsGraphLimit()) {
            return new Action.Stall(Reasons.TOO_MANY_OTHER_MAILS, "otherMails would hold " + plan.otherMailsCount()
                    + " addresses; Graph allows at most " + EmailPlan.MAX_OTHER_MAILS + ". Remove some from spec.otherMails.add.");
        }
        EmailUpdate update = plan.changesFrom(user);
        if (!update.isEmpty()) {
            return new Action.UpdateEmails(user.id(), update);
        }
        ResetRecord done = status.getReset();
        if (ResetLedger.covers(done, user.id(), spec.getDesiredEmail())) {
            return new Action.Settled(done);
        }
        if (found.roles() != null && !found.roles().isEmpty()) {
            String roles = found.roles().stream().map(r -> r.roleDefinitionId()).collect(Collectors.joining(", "));
            return new Action.Stall(Reasons.HOLDS_DIRECTORY_ROLE, "User " + user.id() + " holds directory role(s) " + roles
                    + "; Graph refuses an application-only reset of a role holder. Remove the role assignment, "
                    + "or reset the guest as a Helpdesk or User Administrator.");
        }
        return issueReset(spec, user, now, attempt);
    }

    /**
     * A reset was recorded as about to be sent. Graph's state is the only authority on whether it
     * took effect: the user's externalUserStateChangeDateTime moves when a reset lands.
     * Returns null when the reset is still wanted and did not land, so the normal path decides
     * whether to send it again.
     */
    private Action settlePending(GuestRedemptionResetSpec spec, GuestUser user, PendingReset pending, Instant now) {
        if (tookEffect(user, pending)) {
            return new Action.ConfirmReset(new ResetRecord(pending.getUserId(), pending.getEmail(), null,
                    pending.getAttemptedAt(), CONFIRMED_BY_USER_STATE));
        }
        Instant settlesAt = Instant.parse(pending.getAttemptedAt()).plus(settleWindow);
        if (now.isBefore(settlesAt)) {
            return new Action.AwaitResetOutcome(Duration.between(now, settlesAt), "A reset to " + pending.getEmail()
                    + " was sent at " + pending.getAttemptedAt() + " without a clear answer; waiting until " + settlesAt
                    + " for Graph to show whether it took effect before deciding to send it again.");
        }
        boolean stillWanted = user.id().equals(pending.getUserId()) && Emails.same(pending.getEmail(), spec.getDesiredEmail());
        if (!stillWanted) {
            return new Action.DropPendingReset("The reset to " + pending.getEmail() + " never took effect and the spec no "
                    + "longer asks for it.");
        }
        return null;
    }

    private static boolean tookEffect(GuestUser user, PendingReset pending) {
        if (!user.id().equals(pending.getUserId())) {
            return false;
        }
        OffsetDateTime changed = user.externalUserStateChangeDateTime();
        if (changed == null) {
            return false;
        }
        if (pending.getBaselineStateChangeTime() == null) {
            return true;
        }
        return changed.toInstant().isAfter(OffsetDateTime.parse(pending.getBaselineStateChangeTime()).toInstant());
    }

    private static Action issueReset(GuestRedemptionResetSpec spec, GuestUser user, Instant now, int attempt) {
        InvitationSpec invitation = spec.getInvitation() == null ? new InvitationSpec() : spec.getInvitation();
        String redirect = invitation.getRedirectUrl() == null ? InvitationSpec.DEFAULT_REDIRECT_URL : invitation.getRedirectUrl();
        ResetInvitation request = new ResetInvitation(user.id(), spec.getDesiredEmail().trim(), redirect,
                invitation.isSendInvitationMessage(), blankToNull(invitation.getMessageLanguage()),
                blankToNull(invitation.getCcRecipient()), blankToNull(invitation.getCustomizedMessageBody()));
        OffsetDateTime baseline = user.externalUserStateChangeDateTime();
        PendingReset intent = new PendingReset(user.id(), request.email(), baseline == null ? null : baseline.toString(),
                now.toString(), attempt);
        return new Action.IssueReset(request, intent);
    }

    /** Graph treats an empty optional field as a value; leaving it out is what the spec author meant. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String requestId(String requestId) {
        return requestId == null ? "" : " (request-id " + requestId + ")";
    }
}
