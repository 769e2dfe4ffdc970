package io.guestops.grr.graph;

import java.time.Duration;

/**
 * What one answer from Graph tells the budget: its status and throttling headers.
 *
 * @param cost            what the request was charged
 * @param status          the HTTP status (of the part, inside a {@code $batch})
 * @param retryAfter      {@code Retry-After}, or null
 * @param limitPercentage {@code x-ms-throttle-limit-percentage} (0.8 to 1.0), or null below 0.8
 * @param throttleScope   {@code x-ms-throttle-scope}, or null: present when the (application, tenant)
 *                        bucket itself refused the request
 * @param throttleInformation {@code x-ms-throttle-information}, e.g. {@code WriteLimitExceeded}, or null
 */
record ExchangeAnswer(ExchangeCost cost, int status, Duration retryAfter, Double limitPercentage, String throttleScope,
                      String throttleInformation) {

    boolean isPushBack() {
        return status == 429 || status == 503;
    }

    /** The tenant's own bucket refused the request: the whole tenant must wait, not just this request. */
    boolean isBucketThrottle() {
        return status == 429 && throttleScope != null;
    }
}
