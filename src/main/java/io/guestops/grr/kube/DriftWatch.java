package io.guestops.grr.kube;

import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.UserDelta;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant connection's view of its guests through Graph's delta query ({@code /users/delta}):
 * ONE tenant-wide delta link, followed on a schedule, so checking the settled resources for drift
 * costs a request per poll plus a page per 100-odd changed users, not a read per resource.
 * <p>
 * The first round pages through the tenant (a page per 100-odd users, whatever the number of
 * resources) and keeps the users that resources name; later rounds return only what changed. A
 * changed or removed user that resources name is kept (or dropped) and those resources are woken,
 * so their next pass decides on what Graph shows now and repairs a drift. Graph's answer to an
 * expired or unknown token starts a new first round; other failures back off, and a watch that has
 * not succeeded for a while says so once and is {@link View.Unhealthy}: the reconciler then reads
 * each resource as it did before the watch existed, so drift is never silently unchecked.
 * <p>
 * Polls run one at a time on the scheduler's thread; the reconciler's threads only read.
 */
final class DriftWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);
    /** Graph's page size for users delta varies; a round longer than this is a defect, not a tenant. */
    private static final int MAX_PAGES_PER_ROUND = 100_000;

    /** What the watch can say about one guest. */
    sealed interface View {
        /** The guest as the last delta round showed it. */
        record Seen(GuestUser user) implements View {}

        /** The watch is healthy but has no view of this guest (no resource named it when it last changed). */
        record Unseen() implements View {}

        /** The first round is still under way: its end wakes whoever asked. */
        record WarmingUp() implements View {}

        /** Polls have failed for a while: read the guest directly. */
        record Unhealthy() implements View {}
    }

    /** Where the watch finds the resources naming a user, and how it wakes one. */
    record Resources(Function<String, Set<ResourceID>> naming, Consumer<ResourceID> wake) {}

    /** Schedules the next poll of a watch. */
    interface Scheduler {
        void schedule(Runnable poll, Duration delay);
    }

    private final GraphGateway graph;
    /** The connection, as its log lines name it: "Secret ns/name" or "the operator's default connection". */
    private final String connection;
    private final Duration interval;
    private final Resources resources;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ReconcileListener listener;
    private final Map<String, GuestUser> seen = new ConcurrentHashMap<>();
    private final Set<ResourceID> waitingForBaseline = ConcurrentHashMap.newKeySet();
    private final AtomicLong pollsStarted = new AtomicLong();
    private volatile String deltaLink;
    private volatile boolean baselineDone;
    private volatile Instant lastSuccess;
    private volatile int failuresInARow;
    private volatile boolean stopped;
    private volatile Instant startedAt;

    DriftWatch(GraphGateway graph, String connection, Duration interval, Resources resources, Scheduler scheduler, Clock clock,
               ReconcileListener listener) {
        this.graph = graph;
        this.connection = connection;
        this.listener = listener;
        this.interval = interval;
        this.resources = resources;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void start() {
        startedAt = clock.instant();
        scheduler.schedule(this::poll, Duration.ZERO);
    }

    void stop() {
        stopped = true;
    }

    View view(String userId) {
        if (!baselineDone) {
            boolean overdue = startedAt != null && clock.instant().isAfter(startedAt.plus(interval.multipliedBy(3)));
            return failuresInARow == 0 && !overdue ? new View.WarmingUp() : new View.Unhealthy();
        }
        if (failuresInARow > 0 || !isFresh()) {
            return new View.Unhealthy(); // a change may be going unseen right now
        }
        GuestUser user = seen.get(key(userId));
        return user == null ? new View.Unseen() : new View.Seen(user);
    }

    /** A resource that asked during the first round is woken when it ends (or fails). */
    void wakeAfterBaseline(ResourceID resource) {
        waitingForBaseline.add(resource);
        if (baselineDone || failuresInARow > 0) {
            wakeWaiting(); // the round ended between the caller's view and now
        }
    }

    /** Taken before a direct read of a guest; {@link #remember} keeps that read only if no poll began since. */
    long ticket() {
        return pollsStarted.get();
    }

    /**
     * A guest the reconciler read directly. Kept only when the watch has no view of it yet and no
     * poll began after the read: a poll that began later may have passed over a newer change of
     * this guest while no resource named it, and an older read must not hide that change.
     */
    void remember(GuestUser user, long ticket) {
        if (baselineDone && ticket == pollsStarted.get()) {
            seen.putIfAbsent(key(user.id()), user);
        }
    }

    /** How many guests the watch holds a view of. */
    int watchedGuests() {
        return seen.size();
    }

    private boolean isFresh() {
        Instant last = lastSuccess;
        return last != null && !clock.instant().isAfter(last.plus(interval.multipliedBy(3)));
    }

    private void poll() {
        if (stopped) {
            return;
        }
        pollsStarted.incrementAndGet();
        Duration next = interval;
        try {
            boolean firstRound = deltaLink == null;
            GraphFailure failure = firstRound ? round(null, true) : round(deltaLink, false);
            if (!firstRound && isExpiredToken(failure)) {
                // Not a failure of the watch: Graph keeps a delta link for seven days (or loses it).
                // A new first round at once compares every named guest with what the watch held, so
                // a change made after the old link's last round still wakes its resources.
                LOG.info("Graph no longer knows the delta watch's link ({}); starting a new round", failure.describe());
                deltaLink = null;
                firstRound = true;
                failure = round(null, true);
            }
            next = failure == null ? succeeded(firstRound) : failed(failure);
        } catch (RuntimeException unexpected) {
            LOG.warn("The delta watch of the settled guests of {} failed unexpectedly; trying again", connection, unexpected);
            next = failed(new GraphFailure.Transient(0, unexpected.toString(), null, null));
        } finally {
            if (!stopped) {
                scheduler.schedule(this::poll, next);
            }
        }
    }

    /** Follows one round to its delta link; returns the failure that stopped it, or null. */
    private GraphFailure round(String link, boolean firstRound) {
        Set<String> returned = firstRound ? ConcurrentHashMap.newKeySet() : null;
        String next = link;
        for (int page = 0; page < MAX_PAGES_PER_ROUND && !stopped; page++) {
            GraphResult<UserDelta> answer = graph.usersDelta(next, List.of());
            if (!answer.isSuccess()) {
                return answer.failure();
            }
            UserDelta delta = answer.value();
            delta.changed().forEach(user -> changed(user, returned));
            delta.removedIds().forEach(this::removed);
            if (delta.deltaLink() != null) {
                if (firstRound) {
                    dropMissing(returned);
                }
                deltaLink = delta.deltaLink();
                return null;
            }
            next = delta.nextLink();
        }
        return new GraphFailure.Transient(0, "the delta round did not end", null, null);
    }

    private void changed(GuestUser user, Set<String> returned) {
        String key = key(user.id());
        if (returned != null) {
            returned.add(key);
        }
        Set<ResourceID> naming = resources.naming().apply(user.id());
        if (naming.isEmpty()) {
            seen.remove(key);
            return;
        }
        GuestUser before = seen.put(key, user);
        // In a first round every user comes back: only those who look different are news.
        if (returned == null || (before != null && !Objects.equals(before, user))) {
            naming.forEach(resources.wake());
        }
    }

    private void removed(String userId) {
        seen.remove(key(userId));
        resources.naming().apply(userId).forEach(resources.wake());
    }

    /** After a new first round: a guest the watch held that Graph no longer returns was deleted meanwhile. */
    private void dropMissing(Set<String> returned) {
        seen.keySet().stream().filter(key -> !returned.contains(key)).toList().forEach(this::removed);
    }

    /**
     * Graph's answer to an expired or unknown state token: 410 Gone with syncStateNotFound
     * (https://learn.microsoft.com/graph/delta-query-overview); older answers used 400 with the same code.
     */
    static boolean isExpiredToken(GraphFailure failure) {
        return failure instanceof GraphFailure.InvalidRequest invalid
                && (invalid.httpStatus() == 410 || "syncStateNotFound".equalsIgnoreCase(invalid.code()));
    }

    private Duration succeeded(boolean firstRound) {
        boolean recovered = failuresInARow > 0;
        failuresInARow = 0;
        lastSuccess = clock.instant();
        seen.keySet().removeIf(key -> resources.naming().apply(key).isEmpty());
        if (recovered) {
            // One line for the change of state, also when the recovery is a first round.
            LOG.info("The delta watch of the settled guests of {} works again{}; their drift is checked by delta query",
                    connection, firstRound ? " and holds " + seen.size() + " guests named by resources" : "");
            listener.driftWatchHealthChanged(true);
        }
        if (firstRound) {
            if (!recovered) {
                LOG.info("The delta watch of the settled guests of {} holds {} guests named by resources", connection, seen.size());
            }
            baselineDone = true;
            wakeWaiting();
            listener.driftWatchHealthChanged(true);
        }
        return interval;
    }

    private Duration failed(GraphFailure failure) {
        failuresInARow++;
        if (failure instanceof GraphFailure.InvalidRequest || failure instanceof GraphFailure.NotFound) {
            // A refused link that is not an expired token (a 400 or 404 of its own): start a new round.
            deltaLink = null;
        }
        if (failuresInARow == 1) {
            // Once per change of state: a refused credential fails every poll, and a line per poll
            // would bury the one that says which connection to fix.
            listener.driftWatchHealthChanged(false);
            LOG.warn("The delta watch of the settled guests of {} fails: {}; until it works again each settled resource is "
                    + "read from Graph at its resync", connection, failure.describe());
        }
        wakeWaiting();
        Duration backoff = interval.multipliedBy(1L << Math.min(failuresInARow - 1, 4));
        Duration asked = failure instanceof GraphFailure.Throttled throttled ? throttled.retryAfter()
                : failure instanceof GraphFailure.Transient transientFailure ? transientFailure.retryAfter() : null;
        return asked != null && asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    private void wakeWaiting() {
        for (ResourceID resource : List.copyOf(waitingForBaseline)) {
            waitingForBaseline.remove(resource);
            resources.wake().accept(resource);
        }
    }

    private static String key(String userId) {
        return userId.trim().toLowerCase(Locale.ROOT);
    }
}
