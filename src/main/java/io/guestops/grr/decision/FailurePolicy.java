package io.guestops.grr.decision;

import io.guestops.grr.graph.GraphFailure;

/**
 * Turns a Graph failure into the next action: transient failures wait with backoff, permanent ones
 * stall with Graph's own code and message so a person knows what to fix.
 */
public final class FailurePolicy {

    private final Backoff backoff;

    public FailurePolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    public Backoff backoff() {
        return backoff;
    }

    /**
     * @param failure  what Graph answered
     * @param failures how many transient failures in a row this resource has had, this one included
     * @param doing    what the operator was doing, for the message ("reading the guest")
     */
    public Action onFailure(GraphFailure failure, int failures, String doing) {
        String message = "While " + doing + ": " + failure.describe() + requestIdSuffix(failure);
        if (failure instanceof GraphFailure.Throttled throttled) {
            return new Action.Wait(Reasons.THROTTLED, message, backoff.delay(failures, throttled.retryAfter()));
        }
        if (failure instanceof GraphFailure.Transient transientFailure) {
            return new Action.Wait(Reasons.GRAPH_UNAVAILABLE, message, backoff.delay(failures, transientFailure.retryAfter()));
        }
        if (failure instanceof GraphFailure.Ambiguous) {
            return new Action.Wait(Reasons.RESET_OUTCOME_UNKNOWN, message, backoff.delay(failures, null));
        }
        if (failure instanceof GraphFailure.Forbidden forbidden) {
            String fix = forbidden.httpStatus() == 401
                    ? ". Check the tenant connection: tenant id, client id, and the client secret, certificate or federated credential."
                    : ". Grant the application User.ReadWrite.All (and RoleManagement.Read.Directory), then re-apply.";
            return new Action.Stall(Reasons.GRAPH_ACCESS_DENIED, message + fix);
        }
        if (failure instanceof GraphFailure.NotFound) {
            return new Action.Stall(Reasons.USER_NOT_FOUND, message);
        }
        return new Action.Stall(Reasons.GRAPH_REJECTED, message);
    }

    private static String requestIdSuffix(GraphFailure failure) {
        return failure.requestId() == null ? "" : " (request-id " + failure.requestId() + ")";
    }
}
