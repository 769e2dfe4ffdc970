package io.guestops.grr.graph.budget;

import java.time.Duration;
import java.time.Instant;

/**
 * How many passes may be in Graph at once for one tenant, found by additive increase and
 * multiplicative decrease: each answer without throttling raises the limit by 1/limit (about one
 * more pass per round of answers); a 429 or 503 cuts it by a quarter, at most once per
 * {@link #COOLDOWN} so one burst of refusals counts as one signal (and a few scattered ones, which
 * say nothing about how many passes Graph takes at once, cannot drive it to the floor). The cut is gentler than TCP's
 * half because a 429 of the tenant's own bucket already pauses the whole tenant (see
 * {@link TenantBudget}); what remains are scattered refusals, which must not starve the tenant.
 * Not thread-safe: {@link TenantBudget} guards it.
 */
public final class AdaptiveConcurrency {

    static final int INITIAL = 16;
    static final int MIN = 2;
    static final double CUT = 0.75;
    public static final int MAX = 64;
    static final Duration COOLDOWN = Duration.ofSeconds(5);

    private double limit = INITIAL;
    private Instant lastCut = Instant.MIN;

    int limit() {
        return (int) Math.floor(limit);
    }

    void answered() {
        limit = Math.min(MAX, limit + 1 / limit);
    }

    void pushedBack(Instant now) {
        if (!now.isBefore(lastCut.plus(COOLDOWN))) {
            limit = Math.max(MIN, limit * CUT);
            lastCut = now;
        }
    }
}
