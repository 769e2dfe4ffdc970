package io.guestops.grr.emulator.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Token buckets per (application, tenant): one for resource units (per 10 s) and one for writes
 * (per 150 s). A request is admitted only if both buckets can pay; a refused request pays nothing.
 * Time comes from the injected clock, so tests advance time instead of sleeping.
 */
public final class Throttler {
    private static final Duration RU_PERIOD = Duration.ofSeconds(10);
    private static final Duration WRITE_PERIOD = Duration.ofSeconds(150);

    private final Clock clock;
    private volatile ThrottleLimits limits;
    private final Map<String, TokenBucket[]> buckets = new HashMap<>();

    /** The outcome: admitted or not, the headers Graph would add, and the wait when refused. */
    public record Decision(boolean admitted, long retryAfterSeconds, String limitExceeded, double usedFraction) {
    }

    public Throttler(ThrottleLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public ThrottleLimits limits() {
        return limits;
    }

    public synchronized void reset(ThrottleLimits newLimits) {
        this.limits = newLimits;
        buckets.clear();
    }

    public synchronized void reset() {
        buckets.clear();
    }

    public synchronized Decision admit(String appId, String tenantId, int tenantUserCount, RequestCost cost) {
        String key = appId.toLowerCase(Locale.ROOT) + "|" + tenantId.toLowerCase(Locale.ROOT);
        TokenBucket[] pair = buckets.computeIfAbsent(key, k -> new TokenBucket[] {
                new TokenBucket(limits.resourceUnitsFor(tenantUserCount), RU_PERIOD, clock.instant()),
                new TokenBucket(limits.writesPer150s(), WRITE_PERIOD, clock.instant())});
        TokenBucket ru = pair[0];
        TokenBucket writes = pair[1];
        ru.refill(clock.instant());
        writes.refill(clock.instant());
        if (!ru.has(cost.resourceUnits())) {
            return new Decision(false, ru.secondsUntil(cost.resourceUnits()), "ResourceUnitLimitExceeded", ru.usedFraction());
        }
        if (cost.writes() > 0 && !writes.has(cost.writes())) {
            return new Decision(false, writes.secondsUntil(cost.writes()), "WriteLimitExceeded", writes.usedFraction());
        }
        ru.take(cost.resourceUnits());
        writes.take(cost.writes());
        return new Decision(true, 0, null, Math.max(ru.usedFraction(), cost.writes() > 0 ? writes.usedFraction() : 0));
    }
}
