package io.guestops.grr.kube;

import io.guestops.grr.decision.Action;
import io.guestops.grr.decision.FailurePolicy;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.Reasons;
import io.guestops.grr.graph.EmailUpdate;
import io.guestops.grr.graph.GraphFailure;
import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.graph.GraphResult;
import io.guestops.grr.graph.IssuedInvitation;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.ResetRecord;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Carries out the decided action: the Graph writes, the intent record before a reset, and an Event
 * for every write. Returns how the reconcile ended; the status fields it changes are on {@code draft}.
 */
final class ActionExecutor {

    /** How long after the operator's own PATCH a refused reset is read as replication lag. */
    private static final Duration REPLICATION_WINDOW = Duration.ofMinutes(10);

    private final FailurePolicy failurePolicy;
    private final ConfirmedResets confirmedResets;
    private final EventRecorder events;
    private final Clock clock;
    private final Durations durations;

    /** The waits the executor schedules. */
    record Durations(Duration resync, Duration stalledRecheck) {}

    ActionExecutor(FailurePolicy failurePolicy, ConfirmedResets confirmedResets, EventRecorder events, Clock clock,
                   Durations durations) {
        this.failurePolicy = failurePolicy;
        this.confirmedResets = confirmedResets;
        this.events = events;
        this.clock = clock;
        this.durations = durations;
    }

    /** What the executor needs to know about the reconcile it serves. */
    record Target(GuestRedemptionReset resource, GraphGateway graph, GuestRedemptionResetStatus draft, StatusWriter statusWriter) {}

    Verdict execute(Action action, Target target) {
        if (action instanceof Action.Stall stall) {
            return new Verdict(Verdict.Phase.STALLED, stall.reason(), stall.message(), durations.stalledRecheck(), null, null);
        }
        if (action instanceof Action.Wait wait) {
            return waiting(wait, null);
        }
        if (action instanceof Action.UpdateEmails update) {
            return updateEmails(update, target);
        }
        if (action instanceof Action.IssueReset reset) {
            return issueReset(reset, target);
        }
        if (action instanceof Action.ConfirmReset confirm) {
            return confirmReset(confirm.record(), target);
        }
        if (action instanceof Action.AwaitResetOutcome await) {
            return new Verdict(Verdict.Phase.PROGRESSING, Reasons.RESET_OUTCOME_UNKNOWN, await.message(), await.recheckAfter(), null, null);
        }
        if (action instanceof Action.DropPendingReset drop) {
            target.draft().setPendingReset(null);
            return new Verdict(Verdict.Phase.PROGRESSING, Reasons.PENDING_DROPPED, drop.message(), Duration.ZERO, null, null);
        }
        Action.Settled settled = (Action.Settled) action;
        // A leftover intent for the reset already recorded means nothing is pending any more.
        target.draft().setPendingReset(null);
        return new Verdict(Verdict.Phase.READY, Reasons.SETTLED, "The guest is set to sign in as " + settled.reset().getEmail()
                + "; redemption reset at " + settled.reset().getIssuedAt() + ".", durations.resync(), true, null);
    }

    private Verdict updateEmails(Action.UpdateEmails update, Target target) {
        if (resolutionNotStored(target)) {
            // A guest found by its mail may be about to lose that mail: remember who it is first,
            // or a lost status write after the PATCH would leave the guest impossible to find.
            target.statusWriter().write(target.draft());
        }
        GraphResult<Void> result = target.graph().updateEmails(update.userId(), update.update());
        String change = describe(update.update());
        if (result.isSuccess()) {
            target.draft().setEmailsUpdatedAt(clock.instant().toString());
            events.normal(target.resource(), "EmailsUpdated", "Updated user " + update.userId() + ": " + change + ".");
            return new Verdict(Verdict.Phase.PROGRESSING, Reasons.UPDATING_EMAILS, "Updated " + change
                    + "; confirming that Graph shows it before the reset.", Duration.ZERO, false, result.requestId());
        }
        events.warning(target.resource(), "EmailUpdateFailed", "Could not update user " + update.userId() + " (" + change + "): "
                + result.failure().describe());
        return refusedWrite(fromFailure(result.failure(), target, "updating mail/otherMails"));
    }

    private Verdict issueReset(Action.IssueReset reset, Target target) {
        // The intent must be durable before the request leaves: if this write fails, nothing is sent.
        target.draft().setPendingReset(reset.intent());
        target.statusWriter().write(target.draft());
        GraphResult<IssuedInvitation> result = target.graph().resetRedemption(reset.invitation());
        if (result.isSuccess()) {
            IssuedInvitation invitation = result.value();
            ResetRecord record = new ResetRecord(reset.invitation().userId(), reset.invitation().email(), invitation.id(),
                    clock.instant().toString(), ReconcileDecision.CONFIRMED_BY_RESPONSE);
            target.draft().setReset(record);
            target.draft().setPendingReset(null);
            events.normal(target.resource(), "RedemptionReset", "Reset the redemption of user " + record.getUserId()
                    + " to " + record.getEmail() + " (invitation " + invitation.id() + ", status " + invitation.status() + ").");
            try {
                target.statusWriter().writeConfirmedReset(target.draft(), record);
            } catch (KubernetesClientException e) {
                confirmedResets.remember(target.resource(), record);
                throw e;
            }
            return new Verdict(Verdict.Phase.READY, Reasons.RESET_DONE, "Redemption reset to " + record.getEmail()
                    + "; the guest signs in with it at next redemption.", durations.resync(), true, result.requestId());
        }
        GraphFailure failure = result.failure();
        if (definitelyNotApplied(failure)) {
            target.draft().setPendingReset(null);
            events.warning(target.resource(), "ResetFailed", "Graph refused the reset of user " + reset.invitation().userId()
                    + ": " + failure.describe());
            Action next = failurePolicy.onResetRefused(failure, target.draft().getConsecutiveFailures() + 1,
                    addressesJustChanged(target));
            return refusedWrite(fromAction(next, failure));
        }
        events.warning(target.resource(), "ResetOutcomeUnknown", "The reset of user " + reset.invitation().userId()
                + " may or may not have taken effect (" + failure.describe() + "); the operator will decide from Graph's state.");
        Verdict verdict = fromFailure(failure, target, "resetting the redemption");
        return new Verdict(verdict.phase(), Reasons.RESET_OUTCOME_UNKNOWN, verdict.message(), verdict.requeueAfter(), true,
                verdict.requestId());
    }

    private Verdict confirmReset(ResetRecord record, Target target) {
        target.draft().setReset(record);
        target.draft().setPendingReset(null);
        events.normal(target.resource(), "ResetConfirmed", "Graph shows the reset of user " + record.getUserId() + " to "
                + record.getEmail() + " took effect, although its answer was lost.");
        // Confirmed before the addresses were checked in this pass: the next pass checks them.
        return new Verdict(Verdict.Phase.PROGRESSING, Reasons.RESET_CONFIRMED, "The reset to " + record.getEmail()
                + " took effect (confirmed from the user's state); checking the rest of the spec.", Duration.ZERO, null, null);
    }

    private static boolean resolutionNotStored(Target target) {
        var stored = target.resource().getStatus();
        return stored == null || !Objects.equals(stored.getUserId(), target.draft().getUserId())
                || !Objects.equals(stored.getPreviousEmail(), target.draft().getPreviousEmail());
    }

    /**
     * 4xx answers other than 429 mean Graph did not act; so does a Transient outcome of the POST,
     * which the gateway reports only when the request provably never left (connection refused).
     */
    private static boolean definitelyNotApplied(GraphFailure failure) {
        return failure instanceof GraphFailure.InvalidRequest || failure instanceof GraphFailure.Forbidden
                || failure instanceof GraphFailure.NotFound || failure instanceof GraphFailure.Transient;
    }

    /**
     * A write Graph refused for good is not sent again on a timer (that would repeat the refusal and
     * its Warning event forever): it waits for a change of the spec, or JOSDK's periodic resync.
     */
    private static Verdict refusedWrite(Verdict verdict) {
        return verdict.phase() == Verdict.Phase.STALLED
                ? new Verdict(verdict.phase(), verdict.reason(), verdict.message(), null, verdict.emailsSynced(), verdict.requestId())
                : verdict;
    }

    /** The operator changed the addresses recently, so a refusal may be replication lag of that change. */
    private boolean addressesJustChanged(Target target) {
        String updatedAt = target.draft().getEmailsUpdatedAt();
        return updatedAt != null && Instant.parse(updatedAt).plus(REPLICATION_WINDOW).isAfter(clock.instant());
    }

    private Verdict fromFailure(GraphFailure failure, Target target, String doing) {
        return fromAction(failurePolicy.onFailure(failure, target.draft().getConsecutiveFailures() + 1, doing), failure);
    }

    private Verdict fromAction(Action next, GraphFailure failure) {
        if (next instanceof Action.Wait wait) {
            return waiting(wait, failure.requestId());
        }
        Action.Stall stall = (Action.Stall) next;
        return new Verdict(Verdict.Phase.STALLED, stall.reason(), stall.message(), durations.stalledRecheck(), null, failure.requestId());
    }

    private Verdict waiting(Action.Wait wait, String requestId) {
        String message = wait.message() + " Trying again at " + clock.instant().plus(wait.retryAfter()) + ".";
        return new Verdict(Verdict.Phase.WAITING, wait.reason(), message, wait.retryAfter(), null, requestId);
    }

    private static String describe(EmailUpdate update) {
        StringBuilder change = new StringBuilder();
        if (update.mail() != null) {
            change.append("mail to ").append(update.mail());
        }
        if (update.otherMails() != null) {
            change.append(change.length() > 0 ? " and " : "").append("otherMails to ").append(update.otherMails());
        }
        return change.toString();
    }
}
