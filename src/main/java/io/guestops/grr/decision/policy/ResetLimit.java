package io.guestops.grr.decision.policy;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The blast-radius limit, pure: at most N resets under one policy in any window (a sliding hour in
 * production). Resets are counted by a key per (resource, email, request), so a reset re-sent after a lost
 * answer, or recorded after it was reserved, counts once.
 */
public final class ResetLimit {

    /** One reset counted against a policy: recorded, intended, or reserved by a pass in flight. */
    public record Counted(String key, Instant at) {}

    private ResetLimit() {
    }

    /**
     * When the reset {@code key} may go, or empty when it may go now.
     *
     * @param counted the resets under the policy known now (older ones are ignored)
     */
    public static Optional<Instant> heldUntil(int limit, Duration window, Collection<Counted> counted, String key, Instant now) {
        Instant since = now.minus(window);
        Map<String, Instant> latest = new HashMap<>();
        for (Counted c : counted) {
            if (c.at().isAfter(since)) {
                latest.merge(c.key(), c.at(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (latest.containsKey(key) || latest.size() < limit) {
            return Optional.empty();
        }
        List<Instant> times = latest.values().stream().sorted().toList();
        // Once this many of the oldest have left the window, fewer than the limit remain in it.
        return Optional.of(times.get(times.size() - limit).plus(window));
    }

    /** The step of a resource held back by its policy's limit: no Graph write, and the time it continues. */
    public static Step.Wait hold(String policy, int limit, Duration window, Instant continuesAt, Instant now) {
        Duration wait = Duration.between(now, continuesAt);
        return new Step.Wait(Reasons.RESET_LIMIT_REACHED, "Policy '" + policy + "' allows at most " + limit + " resets per "
                + describe(window) + " and that many were made; this resource resets when the oldest leaves the window, at "
                + continuesAt + ". Nothing was sent to Graph.", wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    private static String describe(Duration window) {
        return window.equals(Duration.ofHours(1)) ? "hour" : window.toSeconds() + " s";
    }
}
