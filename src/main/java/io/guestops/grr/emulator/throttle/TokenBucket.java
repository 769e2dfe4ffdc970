package io.guestops.grr.emulator.throttle;

import java.time.Duration;
import java.time.Instant;

/** A bucket that holds at most {@code capacity} units and refills them evenly over {@code period}. */
final class TokenBucket {
    private final double capacity;
    private final double refillPerNano;
    private double available;
    private Instant refilledAt;

    TokenBucket(int capacity, Duration period, Instant now) {
        this.capacity = capacity;
        this.refillPerNano = capacity / (double) period.toNanos();
        this.available = capacity;
        this.refilledAt = now;
    }

    void refill(Instant now) {
        if (now.isAfter(refilledAt)) {
            available = Math.min(capacity, available + Duration.between(refilledAt, now).toNanos() * refillPerNano);
            refilledAt = now;
        }
    }

    boolean has(int units) {
        return available >= units;
    }

    void take(int units) {
        available -= units;
    }

    /** Whole seconds until {@code units} are available (at least 1). */
    long secondsUntil(int units) {
        double missing = Math.min(units, capacity) - available;
        return Math.max(1, (long) Math.ceil(missing / refillPerNano / 1e9));
    }

    double usedFraction() {
        return 1.0 - available / capacity;
    }
}
