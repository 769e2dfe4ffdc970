package io.guestops.grr.decision.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(5);

    /** A random factor of 0.5 is the middle of the jitter range, so the delay is the unjittered base. */
    private final Backoff noJitter = new Backoff(INITIAL, MAX, () -> 0.5);

    @Test
    void theDelayDoublesWithEachFailure() {
        assertThat(noJitter.delay(1, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.delay(2, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(noJitter.delay(3, null)).isEqualTo(Duration.ofSeconds(8));
        assertThat(noJitter.delay(7, null)).isEqualTo(Duration.ofSeconds(128));
    }

    @Test
    void theDelayIsCappedAtMax() {
        assertThat(noJitter.delay(8, null)).isEqualTo(Duration.ofSeconds(256));
        assertThat(noJitter.delay(9, null)).isEqualTo(MAX);
        assertThat(noJitter.delay(1_000, null)).isEqualTo(MAX);
        assertThat(noJitter.delay(Integer.MAX_VALUE, null)).isEqualTo(MAX);
    }

    @Test
    void zeroOrNegativeFailureCountsAreTreatedAsTheFirstFailure() {
        assertThat(noJitter.delay(0, null)).isEqualTo(INITIAL);
        assertThat(noJitter.delay(-3, null)).isEqualTo(INITIAL);
    }

    @Test
    void jitterSpreadsTheDelayBetweenEightyAndHundredTwentyPercent() {
        assertThat(new Backoff(INITIAL, MAX, () -> 0.0).delay(3, null)).isEqualTo(Duration.ofMillis(6_400));
        assertThat(new Backoff(INITIAL, MAX, () -> 0.999_999).delay(3, null)).isEqualTo(Duration.ofMillis(9_600));
        assertThat(new Backoff(INITIAL, MAX, () -> 0.25).delay(3, null)).isEqualTo(Duration.ofMillis(7_200));
    }

    @Test
    void jitterAppliesAfterTheCapSoTheDelayStaysNearMax() {
        assertThat(new Backoff(INITIAL, MAX, () -> 0.0).delay(30, null)).isEqualTo(Duration.ofSeconds(240));
        assertThat(new Backoff(INITIAL, MAX, () -> 0.999_999).delay(30, null)).isLessThanOrEqualTo(Duration.ofSeconds(360));
    }

    @Test
    void retryAfterIsAFloorNeverShortened() {
        assertThat(noJitter.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(noJitter.delay(1, Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aShortRetryAfterDoesNotShortenTheBackoff() {
        assertThat(noJitter.delay(4, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(16));
        assertThat(noJitter.delay(4, Duration.ZERO)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void withRealRandomnessEveryDelayStaysInsideTheJitterBand() {
        Random random = new Random(42);
        Backoff backoff = new Backoff(INITIAL, MAX, random::nextDouble);
        for (int failures = 1; failures <= 12; failures++) {
            long base = Math.min(MAX.toMillis(), INITIAL.toMillis() << (failures - 1));
            for (int i = 0; i < 50; i++) {
                long millis = backoff.delay(failures, null).toMillis();
                assertThat(millis).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
            }
        }
    }
}
