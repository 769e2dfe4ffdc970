package io.guestops.grr.kube;

import java.time.Duration;

/**
 * How one reconcile ended, in the terms status conditions speak.
 *
 * @param phase        drives Ready / Reconciling / Stalled
 * @param requeueAfter when to look again; null for "only when the resource changes"
 * @param emailsSynced whether Graph's mail/otherMails match the spec; null when not known
 * @param requestId    Graph's request-id of the last call, or null when none was made
 */
record Verdict(Phase phase, String reason, String message, Duration requeueAfter, Boolean emailsSynced, String requestId) {

    enum Phase {
        /** Entra ID matches the spec. */
        READY,
        /** Work under way (a write was made, or a check follows). */
        PROGRESSING,
        /** A transient failure; the operator retries with backoff. */
        WAITING,
        /** A person must change something. */
        STALLED
    }
}
