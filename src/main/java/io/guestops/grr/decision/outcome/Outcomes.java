package io.guestops.grr.decision.outcome;

import io.guestops.grr.decision.spec.SpecProblem;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.ResetRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a step, or a write's answer, means: the outcome of the pass, the status it records and the
 * Events it leaves. The rules about writes live here, not on the Kubernetes side: which answers
 * prove Graph did not act, when a refused reset is replication lag, and that a write Graph refused
 * for good is not sent again on a timer.
 */
public final class Outcomes {

    /**
     * The waits the outcomes schedule.
     *
     * @param resync             how often a settled resource is checked again for drift
     * @param stalledRecheck     how often a stalled lookup (a missing user may appear) is looked at again
     * @param replicationWindow  how long after the operator's own PATCH a refused reset is read as replication lag
     * @param apiServerRetry     how soon to try again when the Kubernetes API could not be reached
     */
    public record Timings(Duration resync, Duration stalledRecheck, Duration replicationWindow, Duration apiServerRetry) {}

    private final FailurePolicy failurePolicy;
    private final Timings timings;

    public Outcomes(FailurePolicy failurePolicy, Timings timings) {
        this.failurePolicy = failurePolicy;
        this.timings = timings;
    }

    public Outcome invalidSpec(List<SpecProblem> problems) {
        String message = "The spec is invalid: " + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))
                + ". Fix it and apply again; nothing was sent to Graph.";
        return Outcome.of(Outcome.Phase.STALLED, Reasons.INVALID_SPEC, message, null);
    }

    /** The resource's tenant connection cannot be built (a missing or broken Secret, or the API server did not answer). */
    public Outcome connectionProblem(String message, boolean temporary) {
        return temporary
                ? Outcome.of(Outcome.Phase.WAITING, Reasons.KUBERNETES_UNAVAILABLE, message, timings.apiServerRetry())
                : Outcome.of(Outcome.Phase.STALLED, Reasons.CONNECTION_INVALID, message + " Nothing was sent to Graph.",
                        timings.stalledRecheck());
    }

    /**
     * A failure nobody foresaw. It is retried with capped backoff for as long as it lasts, and the
     * condition says so truthfully; the exception itself belongs in the log, not in status.
     */
    public Outcome unexpectedFailure(int attempt, Duration retryIn, Instant now) {
        String message = "An unexpected error stopped this pass (attempt " + attempt + "); the operator tries again at "
                + now.plus(retryIn) + " and keeps trying with backoff. The operator log has the details.";
        return Outcome.of(Outcome.Phase.WAITING, Reasons.RECONCILE_ERROR, message, retryIn);
    }

    /** The outcome of a step that writes nothing to Graph. */
    public Outcome of(Step step, Instant now) {
        if (step instanceof Step.Stall stall) {
            return Outcome.of(Outcome.Phase.STALLED, stall.reason(), stall.message(), timings.stalledRecheck());
        }
        if (step instanceof Step.Wait wait) {
            return waiting(wait, now);
        }
        if (step instanceof Step.ConfirmReset confirm) {
            return confirmedFromUserState(confirm, null);
        }
        if (step instanceof Step.AwaitResetOutcome await) {
            return Outcome.of(Outcome.Phase.PROGRESSING, Reasons.RESET_OUTCOME_UNKNOWN, await.message(), await.recheckAfter());
        }
        if (step instanceof Step.DropPendingReset drop) {
            return Outcome.of(Outcome.Phase.PROGRESSING, Reasons.PENDING_DROPPED, drop.message(), Duration.ZERO).clearingPending();
        }
        if (step instanceof Step.AdoptReset adopt) {
            return adopted(adopt.record());
        }
        if (step instanceof Step.Settled settled) {
            // A leftover intent for the reset already recorded means nothing is pending any more.
            return Outcome.of(Outcome.Phase.READY, Reasons.SETTLED, "The guest is set to sign in as " + settled.reset().getEmail()
                            + "; redemption reset at " + settled.reset().getIssuedAt() + ".", timings.resync())
                    .withEmailsSynced(true).clearingPending();
        }
        throw new IllegalArgumentException(step + " writes to Graph; use afterEmailUpdate or afterReset");
    }

    /**
     * The ledger already holds this request's reset, made through an earlier resource: this one
     * records it and is Ready, and nothing is sent to Graph (the addresses were checked in this pass).
     */
    private Outcome adopted(ResetRecord record) {
        String by = record.getIssuedBy() == null ? "" : " by " + record.getIssuedBy();
        String message = "The reset of user " + record.getUserId() + " to " + record.getEmail() + " was done at "
                + record.getIssuedAt() + by + " and is recorded in the reset ledger; this resource adopted that record and "
                + "sent nothing to Graph.";
        return Outcome.of(Outcome.Phase.READY, Reasons.RESET_ADOPTED, message, timings.resync())
                .withEmailsSynced(true).recording(record)
                .withEvent(EventNote.normal(Reasons.RESET_ADOPTED, message));
    }

    /**
     * The reset ledger could not be written before a reset (the claim's Lease, or the note on the
     * guest in Entra ID): nothing was sent, and the pass tries again.
     */
    public Outcome ledgerNotWritten(String problem) {
        return Outcome.of(Outcome.Phase.WAITING, Reasons.LEDGER_NOT_WRITTEN, "Could not record the reset request in the "
                + "reset ledger (" + problem + "); nothing was sent to Graph. Trying again in "
                + timings.apiServerRetry().toSeconds() + " s.", timings.apiServerRetry());
    }

    /**
     * A pending reset Graph's state proves took effect although its answer was lost. When the spec
     * asked for the redeem link ({@code redeemLinkSecret}), the record says that none exists: the
     * link appeared only in the lost answer.
     */
    public Outcome confirmedFromUserState(Step.ConfirmReset confirm, String redeemLinkSecret) {
        ResetRecord record = redeemLinkSecret == null ? confirm.record() : confirm.record().withRedeemLink(redeemLinkSecret, false);
        String linkNote = redeemLinkSecret == null ? "" : " " + RedeemLinkNotes.answerLost();
        // Confirmed before the addresses were checked in this pass: the next pass checks them.
        return Outcome.of(Outcome.Phase.PROGRESSING, Reasons.RESET_CONFIRMED, "The reset to " + record.getEmail()
                        + " took effect (confirmed from the user's state); checking the rest of the spec." + linkNote, Duration.ZERO)
                .recording(record)
                .withEvent(EventNote.normal("ResetConfirmed", "Graph shows the reset of user " + record.getUserId() + " to "
                        + record.getEmail() + " took effect, although its answer was lost." + linkNote));
    }

    /**
     * The Secret the spec names for the redeem link exists and this resource does not own it: the
     * reset is not sent, because its link would have nowhere to go and the operator never
     * overwrites a Secret it does not own.
     */
    public Outcome redeemLinkSecretInUse(String secretName, String holder) {
        return Outcome.of(Outcome.Phase.STALLED, Reasons.REDEEM_LINK_SECRET_IN_USE, "Secret " + secretName
                + " (spec.invitation.redeemLinkSecret) already exists and " + holder + "; the operator never overwrites a "
                + "Secret it does not own. Name another Secret, or delete that one. Nothing was sent to Graph.",
                timings.stalledRecheck());
    }

    /** How the pass looks while a write is under way, for the status written before it (the claim or the intent). */
    public Outcome inProgress(Step step) {
        if (step instanceof Step.IssueReset reset) {
            return Outcome.of(Outcome.Phase.PROGRESSING, Reasons.RESETTING, "Resetting the redemption of user "
                    + reset.invitation().userId() + " to " + reset.invitation().email() + ".", null).withEmailsSynced(true);
        }
        Step.UpdateEmails update = (Step.UpdateEmails) step;
        return Outcome.of(Outcome.Phase.PROGRESSING, Reasons.UPDATING_EMAILS, "Updating the addresses of user "
                + update.userId() + ".", null).withEmailsSynced(false);
    }

    public Outcome afterEmailUpdate(Step.UpdateEmails step, GraphResult<Void> result, GuestRedemptionResetStatus status,
                                    Instant now) {
        String change = step.update().describe();
        if (result.isSuccess()) {
            return Outcome.of(Outcome.Phase.PROGRESSING, Reasons.UPDATING_EMAILS, "Updated " + change
                            + "; confirming that Graph shows it before the reset.", Duration.ZERO)
                    .withEmailsSynced(false).withRequestId(result.requestId()).withEmailsAcknowledged(now, AcknowledgedWrite.fingerprint(step.update()))
                    .withEvent(EventNote.normal("EmailsUpdated", "Updated user " + step.userId() + ": " + change + "."));
        }
        GraphFailure failure = result.failure();
        Outcome outcome = of(failurePolicy.onFailure(failure, status.getConsecutiveFailures() + 1,
                "updating mail/otherMails"), now).withRequestId(failure.requestId());
        return refusedWrite(outcome).withEvent(EventNote.warning("EmailUpdateFailed", "Could not update user " + step.userId()
                + " (" + change + "): " + failure.describe()));
    }

    public Outcome afterReset(Step.IssueReset step, GraphResult<IssuedInvitation> result, GuestRedemptionResetStatus status,
                              Instant now) {
        return afterReset(step, result, RedeemLinkStorage.NOT_ASKED, status, now);
    }

    /**
     * @param link what became of the answer's redeem link (meaningful after a 201 only). Its
     *             storage never decides the reset's record: a reset that took effect is recorded
     *             whether or not its link could be stored.
     */
    public Outcome afterReset(Step.IssueReset step, GraphResult<IssuedInvitation> result, RedeemLinkStorage link,
                              GuestRedemptionResetStatus status, Instant now) {
        String userId = step.invitation().userId();
        if (result.isSuccess()) {
            return resetDone(step, result, link, now);
        }
        GraphFailure failure = result.failure();
        int failures = status.getConsecutiveFailures() + 1;
        if (definitelyNotApplied(failure)) {
            Step next = failurePolicy.onResetRefused(failure, failures, addressesJustChanged(status, now));
            return refusedWrite(of(next, now).withRequestId(failure.requestId())).clearingPending()
                    .withEvent(EventNote.warning("ResetFailed", "Graph refused the reset of user " + userId + ": "
                            + failure.describe()));
        }
        Outcome waiting = of(failurePolicy.onFailure(failure, failures, "resetting the redemption"), now);
        return new Outcome(waiting.phase(), Reasons.RESET_OUTCOME_UNKNOWN, waiting.message(), waiting.requeueAfter(), true,
                failure.requestId(), null, false, null, null, List.of(EventNote.warning("ResetOutcomeUnknown", "The reset of user "
                + userId + " may or may not have taken effect (" + failure.describe()
                + "); the operator will decide from Graph's state.")));
    }

    private Outcome resetDone(Step.IssueReset step, GraphResult<IssuedInvitation> result, RedeemLinkStorage link, Instant now) {
        String userId = step.invitation().userId();
        IssuedInvitation invitation = result.value();
        ResetRecord record = new ResetRecord(userId, step.invitation().email(), invitation.id(), now.toString(),
                ConfirmedBy.GRAPH_RESPONSE).forRequest(step.intent().requestName(), step.intent().getRequestedBy());
        String linkNote = "";
        if (link.asked()) {
            record = record.withRedeemLink(link.secretName(), link.stored());
            linkNote = " " + (link.stored() ? RedeemLinkNotes.storedIn(link.secretName())
                    : RedeemLinkNotes.notStored(link.secretName(), link.problem()));
        }
        Outcome done = Outcome.of(Outcome.Phase.READY, Reasons.RESET_DONE, "Redemption reset to " + record.getEmail()
                        + "; the guest signs in with it at next redemption." + linkNote, timings.resync())
                .withEmailsSynced(true).withRequestId(result.requestId()).recording(record)
                .withEvent(EventNote.normal("RedemptionReset", "Reset the redemption of user " + userId + " to "
                        + record.getEmail() + " (invitation " + invitation.id() + ", status " + invitation.status() + ")."));
        if (!link.asked()) {
            return done;
        }
        return done.withEvent(link.stored()
                ? EventNote.normal(Reasons.REDEEM_LINK_STORED, RedeemLinkNotes.storedIn(link.secretName()))
                : EventNote.warning(Reasons.REDEEM_LINK_NOT_STORED, "The reset of user " + userId + " to " + record.getEmail()
                        + " took effect. " + RedeemLinkNotes.notStored(link.secretName(), link.problem())));
    }

    /**
     * 4xx answers other than 429 mean Graph did not act; so does a Transient outcome of the POST,
     * which the gateway reports only when the request provably never left (connection refused).
     */
    static boolean definitelyNotApplied(GraphFailure failure) {
        return failure instanceof GraphFailure.InvalidRequest || failure instanceof GraphFailure.Forbidden
                || failure instanceof GraphFailure.NotFound || failure instanceof GraphFailure.Transient;
    }

    /** The operator changed the addresses recently, so a refusal may be replication lag of that change. */
    private boolean addressesJustChanged(GuestRedemptionResetStatus status, Instant now) {
        String updatedAt = status.getEmailsUpdatedAt();
        return updatedAt != null && Instant.parse(updatedAt).plus(timings.replicationWindow()).isAfter(now);
    }

    /**
     * A write Graph refused for good is not sent again on a timer (that would repeat the refusal and
     * its Warning event forever): it waits for a change of the spec, or JOSDK's periodic resync.
     */
    private static Outcome refusedWrite(Outcome outcome) {
        return outcome.isStalled() ? outcome.withRequeueAfter(null) : outcome;
    }

    private static Outcome waiting(Step.Wait wait, Instant now) {
        return Outcome.of(Outcome.Phase.WAITING, wait.reason(), wait.message() + " Trying again at "
                + now.plus(wait.retryAfter()) + ".", wait.retryAfter());
    }
}
