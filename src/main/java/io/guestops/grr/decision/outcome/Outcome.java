package io.guestops.grr.decision.outcome;

import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.model.ResetRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one pass ended, in the terms status speaks, and what it changes in status besides the
 * conditions. Built only by the decision; the Kubernetes side writes it down.
 *
 * @param phase           drives Ready / Reconciling / Stalled
 * @param requeueAfter    when to look again; null for "only when something changes"
 * @param emailsSynced    whether Graph's mail/otherMails match the spec; null when not known
 * @param requestId       Graph's request-id of the last call, or null when none was made
 * @param recordedReset   a reset that took effect, to record in status; null for none
 * @param clearsPending   the pending reset is settled (recorded, refused, or dropped)
 * @param emailsUpdatedAt when the operator's PATCH of the addresses succeeded in this pass, else null
 * @param emailsWritten   that PATCH's {@link AcknowledgedWrite#fingerprint}, else null
 * @param events          the Events this pass leaves (a move into Stalled adds its own Warning)
 */
public record Outcome(Phase phase, String reason, String message, Duration requeueAfter, Boolean emailsSynced,
                      String requestId, ResetRecord recordedReset, boolean clearsPending, Instant emailsUpdatedAt,
                      String emailsWritten, List<EventNote> events) {

    public enum Phase {
        /** Entra ID matches the spec. */
        READY,
        /** Work under way (a write was made, or a check follows). */
        PROGRESSING,
        /** A transient failure; the operator retries with backoff. */
        WAITING,
        /** A person must change something. */
        STALLED
    }

    public Outcome {
        events = List.copyOf(events);
    }

    static Outcome of(Phase phase, String reason, String message, Duration requeueAfter) {
        return new Outcome(phase, reason, message, requeueAfter, null, null, null, false, null, null, List.of());
    }

    Outcome withRequestId(String id) {
        return new Outcome(phase, reason, message, requeueAfter, emailsSynced, id, recordedReset, clearsPending,
                emailsUpdatedAt, emailsWritten, events);
    }

    Outcome withEmailsSynced(Boolean synced) {
        return new Outcome(phase, reason, message, requeueAfter, synced, requestId, recordedReset, clearsPending,
                emailsUpdatedAt, emailsWritten, events);
    }

    public Outcome recording(ResetRecord reset) {
        return new Outcome(phase, reason, message, requeueAfter, emailsSynced, requestId, reset, true, emailsUpdatedAt, emailsWritten, events);
    }

    Outcome clearingPending() {
        return new Outcome(phase, reason, message, requeueAfter, emailsSynced, requestId, recordedReset, true,
                emailsUpdatedAt, emailsWritten, events);
    }

    Outcome withEmailsAcknowledged(Instant at, String fingerprint) {
        return new Outcome(phase, reason, message, requeueAfter, emailsSynced, requestId, recordedReset, clearsPending, at,
                fingerprint, events);
    }

    Outcome withEvent(EventNote event) {
        List<EventNote> more = new java.util.ArrayList<>(events);
        more.add(event);
        return new Outcome(phase, reason, message, requeueAfter, emailsSynced, requestId, recordedReset, clearsPending,
                emailsUpdatedAt, emailsWritten, more);
    }

    Outcome withRequeueAfter(Duration after) {
        return new Outcome(phase, reason, message, after, emailsSynced, requestId, recordedReset, clearsPending,
                emailsUpdatedAt, emailsWritten, events);
    }

    public boolean isStalled() {
        return phase == Phase.STALLED;
    }

    public boolean isWaiting() {
        return phase == Phase.WAITING;
    }
}
