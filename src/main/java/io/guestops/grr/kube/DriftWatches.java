package io.guestops.grr.kube;

import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@link DriftWatch}es, one per tenant gateway, started when a settled resource of that tenant
 * first asks, and the JOSDK event source through which a watch wakes exactly the resources naming a
 * guest that changed. The resources naming a guest come from the primary cache's guest index
 * ({@link GuestPeers}), so no list of covered users is kept besides the cache.
 */
final class DriftWatches extends AbstractEventSource<Void, GuestRedemptionReset> {

    static final String NAME = "delta-watch-of-settled-guests";

    private final Duration interval;
    private final Duration resync;
    private final Clock clock;
    private final ReconcileListener listener;
    private final Map<GraphGateway, DriftWatch> watches = new ConcurrentHashMap<>();
    private volatile IndexedResourceCache<GuestRedemptionReset> cache;
    private ScheduledExecutorService scheduler;
    private boolean stopped;

    /**
     * @param interval how often each tenant's delta link is followed; zero or negative turns the watch off
     * @param resync   when a resource that skipped its read is looked at again anyway: if the watch
     *                 stopped working meanwhile, that pass reads Graph as before
     * @param listener told when a watch becomes healthy or starts failing
     */
    DriftWatches(Duration interval, Duration resync, Clock clock, ReconcileListener listener) {
        super(Void.class, NAME);
        this.listener = listener;
        this.interval = interval;
        this.resync = resync;
        this.clock = clock;
    }

    Duration resync() {
        return resync;
    }

    boolean enabled() {
        return interval != null && !interval.isZero() && !interval.isNegative();
    }

    /** The primary cache, indexed by guest, through which a changed guest is mapped to its resources. */
    void use(IndexedResourceCache<GuestRedemptionReset> primaryCache) {
        this.cache = primaryCache;
    }

    /**
     * The watch of this gateway's tenant, started on first use.
     *
     * @param connection how its log lines name the connection ({@link ConnectionSecrets#connectionName})
     */
    DriftWatch of(GraphGateway graph, String connection) {
        return watches.computeIfAbsent(graph, gateway -> {
            DriftWatch watch = new DriftWatch(gateway, connection, interval, new DriftWatch.Resources(this::naming, this::wake),
                    this::schedule, clock, listener);
            watch.start();
            return watch;
        });
    }

    /** The watch of this gateway's tenant if a settled resource has started it. */
    Optional<DriftWatch> existing(GraphGateway graph) {
        return Optional.ofNullable(watches.get(graph));
    }

    private Set<ResourceID> naming(String userId) {
        IndexedResourceCache<GuestRedemptionReset> primary = cache;
        if (primary == null) {
            return Set.of();
        }
        return primary.byIndex(GuestPeers.GUEST_INDEX, GuestPeers.idKey(userId)).stream()
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private void wake(ResourceID resource) {
        if (isRunning()) {
            getEventHandler().handleEvent(new Event(resource));
        }
    }

    /** The poll thread, created by the first watch: JOSDK may start a pass before it starts this event source. */
    private synchronized void schedule(Runnable poll, Duration delay) {
        if (stopped) {
            return;
        }
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "delta-watch");
                thread.setDaemon(true);
                return thread;
            });
        }
        scheduler.schedule(poll, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        super.stop();
        stopped = true;
        watches.values().forEach(DriftWatch::stop);
        watches.clear();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public Set<Void> getSecondaryResources(GuestRedemptionReset primary) {
        return Set.of();
    }
}
