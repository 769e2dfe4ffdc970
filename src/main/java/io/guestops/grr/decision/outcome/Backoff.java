package io.guestops.grr.decision.outcome;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for transient Graph failures. Jitter spreads the retries of many
 * resources that failed together (a throttled tenant) so they do not come back in one burst.
 * Graph's Retry-After, when sent, is a floor: retrying earlier only earns another 429.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random values in [0, 1); tests pass a fixed supplier */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * The wait before retry number {@code failures} (1 for the first failure): initial * 2^(failures-1),
     * capped at max, then scaled by a factor in [0.8, 1.2), and never less than {@code retryAfter}.
     */
    public Duration delay(int failures, Duration retryAfter) {
        int exponent = Math.max(0, Math.min(failures - 1, 20));
        long base = Math.min(max.toMillis(), initial.toMillis() << exponent);
        long jittered = Math.round(base * (0.8 + 0.4 * random.getAsDouble()));
        long floor = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
