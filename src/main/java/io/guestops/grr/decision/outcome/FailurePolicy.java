package io.guestops.grr.decision.outcome;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.CallPermission;
import io.guestops.grr.graph.gateway.GraphFailure;

/**
 * Turns a Graph failure into the next step: transient failures wait with backoff, permanent ones
 * stall with Graph's own code and message so a person knows what to fix.
 */
public final class FailurePolicy {

    /**
     * How many times a reset refused with 400 right after the operator changed the user's addresses
     * is tried again before the refusal counts as permanent (with the production backoff of 5 s
     * doubling, about five minutes).
     */
    public static final int EMAIL_VISIBILITY_RETRIES = 6;

    private final Backoff backoff;

    public FailurePolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * @param failure  what Graph answered
     * @param failures how many transient failures in a row this resource has had, this one included
     * @param doing    what the operator was doing, for the message ("reading the guest")
     */
    public Step onFailure(GraphFailure failure, int failures, String doing) {
        String message = "While " + doing + ": " + failure.describe() + requestIdSuffix(failure);
        if (failure instanceof GraphFailure.Throttled throttled) {
            return new Step.Wait(Reasons.THROTTLED, message, backoff.delay(failures, throttled.retryAfter()));
        }
        if (failure instanceof GraphFailure.Transient transientFailure) {
            return new Step.Wait(Reasons.GRAPH_UNAVAILABLE, message, backoff.delay(failures, transientFailure.retryAfter()));
        }
        if (failure instanceof GraphFailure.Ambiguous) {
            return new Step.Wait(Reasons.RESET_OUTCOME_UNKNOWN, message, backoff.delay(failures, null));
        }
        if (failure instanceof GraphFailure.Forbidden forbidden) {
            return new Step.Stall(Reasons.GRAPH_ACCESS_DENIED, accessDenied(forbidden, doing));
        }
        if (failure instanceof GraphFailure.NotFound) {
            return new Step.Stall(Reasons.USER_NOT_FOUND, message);
        }
        return new Step.Stall(Reasons.GRAPH_REJECTED, message);
    }

    /**
     * Graph's own words and what to fix: the credential for a 401; for a 403 the permission the
     * refused call needs (a generic list would send a person to grant what the app already has).
     */
    private static String accessDenied(GraphFailure.Forbidden forbidden, String doing) {
        String refused = "While " + doing + ": " + forbidden.describe() + requestIdSuffix(forbidden);
        if (forbidden.httpStatus() == 401) {
            return refused + ". Check the tenant connection: tenant id, client id, and the client secret, certificate or federated credential.";
        }
        if (forbidden.permission() == null) {
            return refused + ". Grant the application User.ReadWrite.All (and RoleManagement.Read.Directory), then re-apply.";
        }
        CallPermission call = forbidden.permission();
        return refused + ". " + call.call() + " needs the application permission " + call.permission() + " (with admin consent)"
                + call.roleHolders() + ". Grant what the application lacks, then re-apply.";
    }

    /**
     * Graph refused the reset. Right after a PATCH of mail/otherMails, public reports describe the
     * invitation service answering 400 "the email doesn't match any emails on the user object" until
     * the change has replicated, although a read already shows it. Graph's error code does not tell
     * this apart from other 400s, so the operator's own recent PATCH does: then the refusal is
     * retried with backoff a bounded number of times before it stalls.
     *
     * @param addressesJustChanged the operator changed the user's addresses shortly before
     *                             (status.emailsUpdatedAt)
     */
    public Step onResetRefused(GraphFailure failure, int failures, boolean addressesJustChanged) {
        if (addressesJustChanged && failures <= EMAIL_VISIBILITY_RETRIES
                && failure instanceof GraphFailure.InvalidRequest invalid && invalid.httpStatus() == 400) {
            return new Step.Wait(Reasons.EMAIL_NOT_YET_VISIBLE, "Graph's invitation service does not see the new address yet ("
                    + failure.describe() + requestIdSuffix(failure) + "); the addresses were changed just before, so the reset is "
                    + "tried again (" + failures + " of " + EMAIL_VISIBILITY_RETRIES + ").", backoff.delay(failures, null));
        }
        return onFailure(failure, failures, "resetting the redemption");
    }

    private static String requestIdSuffix(GraphFailure failure) {
        return failure.requestId() == null ? "" : " (request-id " + failure.requestId() + ")";
    }
}
