package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.budget.RetryAfter;
import io.guestops.grr.graph.gateway.CallKind;
import io.guestops.grr.graph.gateway.GraphConnection;
import com.microsoft.kiota.http.middleware.options.IShouldRetry;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The per-request options for the SDK's RetryHandler (which re-sends on 429/503/504 and sleeps in
 * the caller's thread). Reads, PATCHes and DELETEs may be retried while the wait is short; the
 * reset POST and a reset note's creation never are.
 */
public final class SdkRetryPolicy {

    /** Base delay handed to the SDK's backoff when Graph sends no Retry-After. */
    static final long BASE_DELAY_SECONDS = 1;

    private final GraphConnection.SdkRetries limits;

    public SdkRetryPolicy(GraphConnection.SdkRetries limits) {
        this.limits = limits;
    }

    public RetryHandlerOption optionFor(CallKind kind) {
        if (kind == CallKind.WRITE_ONCE || limits.maxRetries() == 0) {
            return neverRetry();
        }
        return new RetryHandlerOption(shortWaitsOnly(), limits.maxRetries(), BASE_DELAY_SECONDS);
    }

    /**
     * The option of the requests sent at most once (the reset, a reset note's creation): whatever
     * Graph answers, the SDK hands it back unsent-again.
     */
    static RetryHandlerOption neverRetry() {
        return new RetryHandlerOption((delay, executionCount, request, response) -> false, 0, 0);
    }

    private IShouldRetry shortWaitsOnly() {
        return (delay, executionCount, request, response) ->
                expectedWait(response.header("Retry-After"), delay, executionCount).compareTo(limits.maxWait()) <= 0;
    }

    /**
     * What the SDK would sleep: Graph's Retry-After, or else (an upper bound of) its own
     * exponential backoff for this attempt.
     */
    static Duration expectedWait(String retryAfterHeader, long delaySeconds, int executionCount) {
        Duration asked = RetryAfter.parse(retryAfterHeader, Instant.now());
        if (asked != null) {
            return asked;
        }
        double seconds = executionCount < 2
                ? delaySeconds + 1
                : (Math.pow(2, executionCount) - 1) * 0.5 + delaySeconds + 1;
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
