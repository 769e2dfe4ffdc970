package io.guestops.grr.graph;

import java.time.Duration;
import java.time.Instant;

/**
 * How many passes may be in Graph at once for one tenant, found by additive increase and
 * multiplicative decrease: each answer without throttling raises the limit by 1/limit (about one
 * more pass per round of answers); a 429 or 503 halves it, at most once per {@code cooldown} so one
 * burst of refusals counts as one signal. Not thread-safe: {@link TenantBudget} guards it.
 */
final class AdaptiveConcurrency {

    static final int INITIAL = 10;
    static final int MIN = 1;
    static final int MAX = 64;
    static final Duration COOLDOWN = Duration.ofSeconds(1);

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
            limit = Math.max(MIN, limit / 2);
            lastCut = now;
        }
    }
}
