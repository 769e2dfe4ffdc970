package io.guestops.grr.kube;

import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;

/**
 * How JOSDK retries a pass that failed unexpectedly: exponential backoff capped at {@code max},
 * with no limit on attempts, so the condition's "the operator tries again" always stays true.
 * The same schedule tells the condition when the next try is.
 */
record RetrySchedule(Duration initial, Duration max) {

    GenericRetry toRetry() {
        return new GenericRetry().setInitialInterval(initial.toMillis()).setIntervalMultiplier(2)
                .setMaxInterval(max.toMillis()).withoutMaxAttempts();
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    Duration delayAfter(int attempt) {
        int exponent = Math.max(0, Math.min(attempt - 1, 20));
        return Duration.ofMillis(Math.min(max.toMillis(), initial.toMillis() << exponent));
    }
}
