package io.guestops.grr.decision.outcome;

import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.ownership.ResetLedger;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.ResetRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes an {@link Outcome} into a status draft: every status field the operator owns is set here,
 * so each write carries the conditions and observedGeneration together with the facts they describe.
 */
public final class NextStatus {

    /** How {@link FailurePolicy} and the decision quote Graph's request-id in a message. */
    private static final Pattern GRAPH_REQUEST_ID = Pattern.compile(" \\(request-id [^)]*\\)");

    private NextStatus() {
    }

    /**
     * The status at the end of a pass. Returns the Events to leave: the outcome's own, plus a
     * Warning when the resource moves into Stalled, or stays Stalled with another reason or message.
     */
    public static List<EventNote> apply(GuestRedemptionResetStatus draft, Outcome outcome, ResolvedGuest guest,
                                        String desiredEmail, String resetRequest, long generation, Instant now) {
        // Same reason and same message: the Warning already there says it. A new message for the same
        // reason (another holder, another owner) gets its own, or kubectl describe shows a stale one.
        boolean wasStalledSo = draft.conditionIsTrue(Conditions.STALLED) && draft.condition(Conditions.STALLED)
                .map(c -> outcome.reason().equals(c.getReason()) && saySameThing(outcome.message(), c.getMessage()))
                .orElse(false);
        remember(draft, guest);
        if (outcome.requestId() != null) {
            draft.setLastGraphRequestId(outcome.requestId());
        }
        draft.setConsecutiveFailures(outcome.isWaiting() ? draft.getConsecutiveFailures() + 1 : 0);
        draft.setNextRetryAt(outcome.isWaiting() && outcome.requeueAfter() != null ? now.plus(outcome.requeueAfter()).toString() : null);
        if (outcome.recordedReset() != null) {
            draft.setReset(outcome.recordedReset());
        }
        if (outcome.clearsPending()) {
            draft.setPendingReset(null);
        }
        if (outcome.emailsUpdatedAt() != null) {
            draft.setEmailsUpdatedAt(outcome.emailsUpdatedAt().toString());
            draft.setEmailsWritten(outcome.emailsWritten());
        }
        draft.setObservedGeneration(generation);
        Conditions.apply(draft, outcome, desiredEmail, resetRequest, generation, now);
        List<EventNote> events = new ArrayList<>(outcome.events());
        if (outcome.isStalled() && !wasStalledSo) {
            events.add(EventNote.warning(outcome.reason(), outcome.message()));
        }
        return events;
    }

    /**
     * The status written while a write is under way (the guest's resolution before a PATCH, the
     * intent before a reset): conditions say what is happening; retry bookkeeping is left alone.
     */
    public static void applyInterim(GuestRedemptionResetStatus draft, Outcome inProgress, ResolvedGuest guest,
                                    String desiredEmail, String resetRequest, long generation, Instant now) {
        remember(draft, guest);
        draft.setObservedGeneration(generation);
        Conditions.apply(draft, inProgress, desiredEmail, resetRequest, generation, now);
    }

    /**
     * Puts a reset Graph confirmed into {@code latest}, a newer status than the one the pass began
     * from, clearing the intent it settles. A confirmed reset is true whatever else changed.
     */
    public static void mergeConfirmedReset(GuestRedemptionResetStatus latest, ResetRecord record) {
        latest.setReset(record);
        if (ResetLedger.settles(record, latest.getPendingReset())) {
            latest.setPendingReset(null);
        }
    }

    /**
     * Whether two Stalled messages say the same thing. Graph's request-id differs on every call, so a
     * refusal rechecked every 15 minutes would otherwise leave a new Warning each time.
     */
    private static boolean saySameThing(String message, String previous) {
        return previous != null && GRAPH_REQUEST_ID.matcher(message).replaceAll("")
                .equals(GRAPH_REQUEST_ID.matcher(previous).replaceAll(""));
    }

    private static void remember(GuestRedemptionResetStatus draft, ResolvedGuest guest) {
        if (guest.userId() != null) {
            draft.setUserId(guest.userId());
            draft.setPreviousEmail(guest.previousEmail());
        }
    }
}
