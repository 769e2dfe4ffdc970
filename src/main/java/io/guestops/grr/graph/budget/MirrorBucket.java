package io.guestops.grr.graph.budget;

import java.time.Duration;
import java.time.Instant;

/**
 * The operator's copy of one of Graph's token buckets: at most {@code capacity} units, refilled
 * evenly over {@code period}, starting full as Graph's does. Unlike Graph's, it may go below zero:
 * a request the operator did not reserve for (a retry, another tool on the same gateway) is still
 * charged, and the debt is repaid by the refill. Not thread-safe: {@link TenantBudget} guards it.
 */
final class MirrorBucket {

    private final Duration period;
    private double capacity;
    private double refillPerNano;
    private double available;
    private Instant refilledAt;

    MirrorBucket(int capacity, Duration period, Instant now) {
        this.period = period;
        this.capacity = capacity;
        this.refillPerNano = capacity / (double) period.toNanos();
        this.available = capacity;
        this.refilledAt = now;
    }

    double available(Instant now) {
        if (now.isAfter(refilledAt)) {
            available = Math.min(capacity, available + Duration.between(refilledAt, now).toNanos() * refillPerNano);
            refilledAt = now;
        }
        return available;
    }

    /** Paces to another capacity (see {@link LearnedRate}); what is left is kept, up to the new capacity. */
    void paceTo(double newCapacity, Instant now) {
        if (newCapacity != capacity) {
            available(now);
            capacity = newCapacity;
            refillPerNano = newCapacity / period.toNanos();
            available = Math.min(available, capacity);
        }
    }

    double capacity() {
        return capacity;
    }

    void take(double units, Instant now) {
        available(now);
        available -= units;
    }

    /** Graph said only {@code remainingFraction} of the bucket is left: never believe there is more. */
    void atMost(double remainingFraction, Instant now) {
        available = Math.min(available(now), remainingFraction * capacity);
    }

    void empty(Instant now) {
        available(now);
        available = Math.min(available, 0);
    }

    double usedFraction(Instant now) {
        return 1.0 - available(now) / capacity;
    }

    /** How long until {@code units} are available beyond {@code held} units already promised. */
    Duration timeUntil(double units, double held, Instant now) {
        double missing = units + held - available(now);
        return missing <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing / refillPerNano));
    }

    /** The time one unit takes to refill. */
    Duration refillInterval() {
        return Duration.ofNanos((long) Math.ceil(1 / refillPerNano));
    }
}
