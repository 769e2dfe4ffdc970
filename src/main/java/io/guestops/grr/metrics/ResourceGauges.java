package io.guestops.grr.metrics;

import io.guestops.grr.decision.outcome.Conditions;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gauges computed from the resources as the controller's informer cache holds them, at each scrape:
 * {@code grr_resources{condition,reason}}, {@code grr_pending_resets} and
 * {@code grr_pending_reset_oldest_age_seconds}. The cache, not a count of events, so a restart or a
 * standby replica shows the same numbers as the leader.
 */
final class ResourceGauges {

    /** Which resource counts where: the condition that decides its state, as kstatus reads it, and its reason. */
    record Deciding(String condition, String reason) {}

    private final MultiGauge resources;
    private final AtomicLong pendingResets = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final AtomicReference<Supplier<Stream<GuestRedemptionReset>>> cache = new AtomicReference<>(Stream::empty);
    private final Clock clock;

    ResourceGauges(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        resources = MultiGauge.builder("grr.resources")
                .description("Resources by the condition that decides their state (Ready, Reconciling, Stalled) and its reason")
                .register(registry);
        Gauge.builder("grr.pending.resets", pendingResets, AtomicLong::get)
                .description("Resets sent whose outcome is not known yet (status.pendingReset)").register(registry);
        Gauge.builder("grr.pending.reset.oldest.age.seconds", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Seconds since the oldest of them was sent (0 when there is none)").register(registry);
    }

    /** Where the resources are read from: the running operator's cache. */
    void readFrom(Supplier<Stream<GuestRedemptionReset>> resourcesInCache) {
        cache.set(resourcesInCache);
    }

    /** Recomputes every gauge from the cache as it is now. */
    void refresh() {
        List<GuestRedemptionResetStatus> statuses = cache.get().get().map(GuestRedemptionReset::getStatus)
                .filter(status -> status != null).toList();
        Map<Deciding, Long> counts = statuses.stream().map(ResourceGauges::decidingCondition).flatMap(Optional::stream)
                .collect(Collectors.groupingBy(d -> d, () -> new TreeMap<>(java.util.Comparator
                        .comparing(Deciding::condition).thenComparing(Deciding::reason)), Collectors.counting()));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((deciding, count) -> rows.add(MultiGauge.Row.of(
                Tags.of("condition", deciding.condition(), "reason", deciding.reason()), count)));
        resources.register(rows, true);
        List<Instant> pending = statuses.stream().map(GuestRedemptionResetStatus::getPendingReset)
                .filter(p -> p != null).map(ResourceGauges::attemptedAt).toList();
        pendingResets.set(pending.size());
        Instant now = clock.instant();
        oldestPendingAgeSeconds.set(pending.stream().filter(at -> at != null).min(Instant::compareTo)
                .map(oldest -> Math.max(0, Duration.between(oldest, now).toSeconds())).orElse(0L));
    }

    /**
     * Stalled=True, else Reconciling=True, else Ready=True decides (one of them is True once the
     * operator has written status). A resource it has not written status for yet is not counted.
     */
    static Optional<Deciding> decidingCondition(GuestRedemptionResetStatus status) {
        for (String type : List.of(Conditions.STALLED, Conditions.RECONCILING, Conditions.READY)) {
            if (status.conditionIsTrue(type)) {
                return Optional.of(new Deciding(type, Labels.reason(status.condition(type).orElseThrow().getReason())));
            }
        }
        return Optional.empty();
    }

    /** When the reset was sent; null when the status holds no readable time (then it has no age). */
    private static Instant attemptedAt(PendingReset pending) {
        try {
            return pending.getAttemptedAt() == null ? null : Instant.parse(pending.getAttemptedAt());
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
