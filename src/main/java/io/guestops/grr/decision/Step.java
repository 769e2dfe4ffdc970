package io.guestops.grr.decision;

import io.guestops.grr.graph.EmailUpdate;
import io.guestops.grr.graph.ResetInvitation;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.time.Duration;

/** The one next step for a resource. Only {@link UpdateEmails} and {@link IssueReset} write to Graph. */
public sealed interface Step {

    /** Nothing can succeed until a person changes something; no Graph write. */
    record Stall(String reason, String message) implements Step {}

    /** A transient problem; look again after {@code retryAfter}. */
    record Wait(String reason, String message, Duration retryAfter) implements Step {}

    /** PATCH the user's addresses, then look again to confirm Graph shows them. */
    record UpdateEmails(String userId, EmailUpdate update) implements Step {}

    /** Record {@code intent} in status (durably, before anything is sent), then POST the reset. */
    record IssueReset(ResetInvitation invitation, PendingReset intent) implements Step {}

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
