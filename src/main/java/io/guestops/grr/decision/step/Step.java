package io.guestops.grr.decision.step;

import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.time.Duration;

/** The one next step for a resource. Only {@link UpdateEmails} and {@link IssueReset} write to Graph. */
public sealed interface Step {

    /** Nothing can succeed until a person changes something; no Graph write. */
    record Stall(String reason, String message) implements Step {}

    /** A transient problem; look again after {@code retryAfter}. */
    record Wait(String reason, String message, Duration retryAfter) implements Step {}

    /**
     * PATCH the user's addresses, then look again to confirm Graph shows them.
     *
     * @param preparesReset the PATCH prepares a reset not yet done (not a repair of drift after it):
     *                      it counts as part of that reset, so the policy's blast-radius limit must
     *                      have room for the reset before the PATCH is sent
     */
    record UpdateEmails(String userId, EmailUpdate update, boolean preparesReset) implements Step {

        /** A PATCH that repairs drift after the reset: no reset follows it. */
        public UpdateEmails(String userId, EmailUpdate update) {
            this(userId, update, false);
        }
    }

    /** Record {@code intent} in status (durably, before anything is sent), then POST the reset. */
    record IssueReset(ResetInvitation invitation, PendingReset intent) implements Step {}

    /**
     * The reset ledger holds the record of this very request, made through an earlier resource (this
     * one was re-created, moved or restored without status): record it in status, send nothing.
     */
    record AdoptReset(ResetRecord record) implements Step {}

    /** Graph's state proves a pending reset took effect although its answer was lost: record it. */
    record ConfirmReset(ResetRecord record) implements Step {}

    /**
     * A reset was sent but Graph does not show it yet; it may still appear. Look again after
     * {@code recheckAfter}, never post again before the settle window has passed.
     */
    record AwaitResetOutcome(Duration recheckAfter, String message) implements Step {}

    /** A pending reset for an email the spec no longer asks for never took effect: forget it. */
    record DropPendingReset(String message) implements Step {}

    /** Entra ID matches the spec and the reset for the desired email is done. */
    record Settled(ResetRecord reset) implements Step {}

    /** True for the steps that write to Graph. */
    default boolean writesToGraph() {
        return this instanceof UpdateEmails || this instanceof IssueReset;
    }
}
