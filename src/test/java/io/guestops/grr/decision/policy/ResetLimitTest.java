package io.guestops.grr.decision.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The blast-radius limit: a sliding window, each (resource, email) counted once. */
class ResetLimitTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static ResetLimit.Counted counted(String key, int minutesAgo) {
        return new ResetLimit.Counted(key, NOW.minus(Duration.ofMinutes(minutesAgo)));
    }

    @Test
    void belowTheLimitAResetGoes() {
        assertThat(ResetLimit.heldUntil(3, HOUR, List.of(counted("a", 10), counted("b", 5)), "c", NOW)).isEmpty();
    }

    @Test
    void atTheLimitAResetWaitsUntilTheOldestLeavesTheWindow() {
        List<ResetLimit.Counted> three = List.of(counted("a", 50), counted("b", 20), counted("c", 5));
        assertThat(ResetLimit.heldUntil(3, HOUR, three, "d", NOW)).contains(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void resetsOlderThanTheWindowDoNotCount() {
        List<ResetLimit.Counted> old = List.of(counted("a", 61), counted("b", 90), counted("c", 5));
        assertThat(ResetLimit.heldUntil(2, HOUR, old, "d", NOW)).isEmpty();
    }

    @Test
    void theSameResetCountsOnceAndMayBeSentAgain() {
        List<ResetLimit.Counted> twice = List.of(counted("a", 30), counted("a", 2), counted("b", 1));
        assertThat(ResetLimit.heldUntil(2, HOUR, twice, "a", NOW)).isEmpty();
        assertThat(ResetLimit.heldUntil(3, HOUR, twice, "c", NOW)).isEmpty();
    }

    @Test
    void aLoweredLimitWaitsForEnoughToLeave() {
        List<ResetLimit.Counted> four = List.of(counted("a", 50), counted("b", 40), counted("c", 30), counted("d", 20));
        assertThat(ResetLimit.heldUntil(2, HOUR, four, "e", NOW)).contains(NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void aHeldResourceWaitsWithoutWritingAndSaysWhenItContinues() {
        Instant continuesAt = NOW.plus(Duration.ofMinutes(10));
        Step.Wait wait = ResetLimit.hold("partner-a", 5, HOUR, continuesAt, NOW);
        assertThat(wait.reason()).isEqualTo(Reasons.RESET_LIMIT_REACHED);
        assertThat(wait.message()).contains("Policy 'partner-a' allows at most 5 resets per hour").contains(continuesAt.toString());
        assertThat(wait.retryAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(wait.writesToGraph()).isFalse();
        assertThat(Optional.of(wait)).isPresent();
    }
}
