package io.guestops.grr.graph.gateway;

import java.time.Duration;

/**
 * Why a Graph call did not succeed, in the terms the reconciler decides on. Every failure keeps
 * Graph's request id (null when no response arrived) so a person can quote it to Microsoft.
 * Messages are Graph's own error messages; they never carry tokens, secrets or redeem URLs.
 */
public sealed interface GraphFailure
        permits GraphFailure.NotFound, GraphFailure.InvalidRequest, GraphFailure.Forbidden,
                GraphFailure.Throttled, GraphFailure.Transient, GraphFailure.Ambiguous {

    /** Graph's {@code request-id}, or null when no response arrived. */
    String requestId();

    /** A short, human-readable description for status conditions and events. */
    String describe();

    /** This failure as the answer to {@code call}: a 403 learns which permission the call needs. */
    default GraphFailure neededFor(CallPermission call) {
        return this;
    }

    /** 404: the object does not exist (Request_ResourceNotFound). */
    record NotFound(String code, String message, String requestId) implements GraphFailure {
        public String describe() {
            return "Graph " + code + ": " + message;
        }
    }

    /** 400 and other permanent client errors: retrying the same request cannot succeed. */
    record InvalidRequest(int httpStatus, String code, String message, String requestId) implements GraphFailure {
        public String describe() {
            return "Graph " + code + " (HTTP " + httpStatus + "): " + message;
        }
    }

    /**
     * 401/403: the application lacks a permission or a role, or its credential is refused.
     *
     * @param permission for a 403, the call that was refused and the permission it needs; null when unknown
     */
    record Forbidden(int httpStatus, String code, String message, String requestId, CallPermission permission)
            implements GraphFailure {

        public Forbidden(int httpStatus, String code, String message, String requestId) {
            this(httpStatus, code, message, requestId, null);
        }

        public String describe() {
            return "Graph " + code + " (HTTP " + httpStatus + "): " + message;
        }

        /** A 401 is about the credential, not a permission, so only a 403 learns the call. */
        @Override
        public GraphFailure neededFor(CallPermission call) {
            return httpStatus == 403 ? new Forbidden(httpStatus, code, message, requestId, call) : this;
        }
    }

    /** 429: throttled; {@code retryAfter} is Graph's Retry-After, or null when it sent none. */
    record Throttled(Duration retryAfter, String requestId) implements GraphFailure {
        public String describe() {
            return "Graph throttled the request" + (retryAfter == null ? "" : "; retry after " + retryAfter.toSeconds() + "s");
        }
    }

    /**
     * 5xx or a read that timed out or lost its connection: worth retrying later. {@code retryAfter}
     * is set when Graph sent Retry-After (503 may).
     */
    record Transient(int httpStatus, String message, Duration retryAfter, String requestId) implements GraphFailure {
        public String describe() {
            return httpStatus > 0 ? "Graph unavailable (HTTP " + httpStatus + "): " + message : "Graph unreachable: " + message;
        }
    }

    /**
     * A write whose effect is unknown: the request may have reached Graph but no clear answer came
     * back (timeout, broken connection, 5xx or 429 on a non-idempotent POST). The caller must decide
     * from Graph's state, never by sending the write again blindly.
     */
    record Ambiguous(String message, String requestId) implements GraphFailure {
        public String describe() {
            return "Graph's answer was lost; the write may or may not have taken effect: " + message;
        }
    }
}
