package io.guestops.grr.graph.budget;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

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

    /**
     * What {@code x-ms-throttle-scope} starts with when the budget is the tenant's or the application's
     * ({@code Tenant_Application/ReadWrite/{appId}/{tenantId}}, as Graph's identity-and-access limits
     * send it; {@code Tenant/...} and {@code Application/...} for the per-tenant and per-app limits).
     */
    private static final Set<String> SHARED_SCOPES = Set.of("tenant_application", "tenant", "application");

    /** The tenant's own bucket refused the request: the whole tenant must wait, not just this request. */
    boolean isBucketThrottle() {
        return status == 429 && throttleScope != null;
    }

    /**
     * Graph refused because the tenant's or the application's budget is spent: a budget other
     * applications (or Microsoft's own lower limit) may shrink below the one configured, so the
     * operator learns a lower rate from it ({@link LearnedRate}).
     */
    boolean isSharedBudgetThrottle() {
        if (!isBucketThrottle()) {
            return false;
        }
        int slash = throttleScope.indexOf('/');
        String kind = (slash < 0 ? throttleScope : throttleScope.substring(0, slash)).trim().toLowerCase(Locale.ROOT);
        return SHARED_SCOPES.contains(kind);
    }
}
