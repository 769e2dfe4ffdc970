package io.guestops.grr.graph.budget;

import java.time.Duration;
import java.time.Instant;

/**
 * The capacity one of the tenant's buckets is paced to, learned from Graph's refusals: the
 * configured ceiling until Graph refuses for the tenant's or the application's budget, which means
 * the real bucket is smaller (other applications share the tenant, or Microsoft lowered it).
 *
 * <ul>
 *   <li>Multiplicative decrease: to {@link #CUT} of the lower of the current pace and what Graph
 *       admitted over the bucket's last period (with the bucket empty, that is about what it really
 *       holds; the first period after the start also holds the bucket's full start, so the cut
 *       repeats until the refusals stop). One cut per {@link #COOLDOWN}: one burst of refusals is
 *       one signal.</li>
 *   <li>Additive increase: from the last cut the pace climbs by {@link #PROBE_PER_MINUTE} of the
 *       value cut to per minute, back toward the ceiling, so a limit that rises again is found,
 *       and an overshoot costs a few refusals, not a burst.</li>
 * </ul>
 * Never above the ceiling nor below {@link #FLOOR_SHARE} of it. Not thread-safe: {@link TenantBudget} guards it.
 */
final class LearnedRate {

    static final double CUT = 0.95;
    static final double PROBE_PER_MINUTE = 0.02;
    static final double FLOOR_SHARE = 0.01;
    static final Duration COOLDOWN = Duration.ofSeconds(5);

    private final double ceiling;
    private double cutTo;
    private Instant lastCut = Instant.MIN;

    LearnedRate(double ceiling) {
        this.ceiling = ceiling;
        this.cutTo = ceiling;
    }

    /** The capacity to pace to now. */
    double current(Instant now) {
        if (lastCut.equals(Instant.MIN)) {
            return cutTo;
        }
        double minutes = Duration.between(lastCut, now).toMillis() / 60_000.0;
        return Math.min(ceiling, cutTo * (1 + PROBE_PER_MINUTE * minutes));
    }

    /** Graph refused for the shared budget, having admitted {@code consumedInPeriod} over the bucket's period. */
    void throttled(double consumedInPeriod, Instant now) {
        if (now.isBefore(lastCut.plus(COOLDOWN))) {
            return;
        }
        double observed = consumedInPeriod > 0 ? consumedInPeriod : ceiling;
        cutTo = Math.max(ceiling * FLOOR_SHARE, CUT * Math.min(current(now), observed));
        lastCut = now;
    }

    boolean isBelowCeiling(Instant now) {
        return current(now) < ceiling;
    }
}
