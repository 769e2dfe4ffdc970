package io.guestops.grr.kube;

import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.ResourceRef;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The other resources that may name the same guest, for the one-owner-per-guest rule, and the
 * bookkeeping that makes the rule race-free inside one operator process:
 * <ul>
 *   <li>passes that act on the same guest run one at a time ({@link #exclusively});</li>
 *   <li>a resource claims its guest here before it may write, so the next pass on that guest sees
 *   it at once, even before the informer shows its status;</li>
 *   <li>the informer caches are indexed by the guest each resource names (spec and status), so
 *   resources this process has not reconciled yet (after a restart) are found too.</li>
 * </ul>
 * Leader election keeps a second process of the same shard from acting at the same time; across
 * processes, a Lease per guest ({@link GuestClaims}) lets only one resource write to a guest. Other
 * shards (a label selector or namespace set each, {@code run --shard-selector}, {@code --namespaces})
 * act at the same time on their own resources, so the peers come from an informer of every
 * resource in every namespace, not from the controller's cache, which holds only this shard's.
 */
final class GuestPeers {

    static final String GUEST_INDEX = "guest";
    static final String EVERY_SHARD = "peers-of-the-same-guest";

    private static final int STRIPES = 64;

    private final Map<ResourceID, String> claims = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private volatile InformerEventSource<GuestRedemptionReset, GuestRedemptionReset> everyShard;

    GuestPeers() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * The informer of every resource in every namespace and shard, indexed by guest, and the event
     * source that wakes this shard's resources naming the guest of one that changed or went, in
     * any shard: one of them may now own it. Indexes this shard's cache (the primary) the same way.
     */
    InformerEventSource<GuestRedemptionReset, GuestRedemptionReset> eventSource(EventSourceContext<GuestRedemptionReset> context) {
        IndexedResourceCache<GuestRedemptionReset> thisShard = context.getPrimaryCache();
        context.getPrimaryCache().addIndexer(GUEST_INDEX, GuestPeers::guestKeys);
        var configuration = InformerEventSourceConfiguration.from(GuestRedemptionReset.class, GuestRedemptionReset.class)
                .withName(EVERY_SHARD)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(changed -> affectedBy(changed, key -> thisShard.byIndex(GUEST_INDEX, key)))
                .build();
        InformerEventSource<GuestRedemptionReset, GuestRedemptionReset> informer = new InformerEventSource<>(configuration, context);
        informer.addIndexer(GUEST_INDEX, GuestPeers::guestKeys);
        everyShard = informer;
        return informer;
    }

    /** Every resource of every shard, as the informer of {@link #eventSource} last saw it. */
    IndexedResourceCache<GuestRedemptionReset> everyShard() {
        IndexedResourceCache<GuestRedemptionReset> informer = everyShard;
        if (informer == null) {
            throw new IllegalStateException("the peers are read before their event source was prepared");
        }
        return informer;
    }

    /** The index keys of a resource: every way it may name a guest. */
    static List<String> guestKeys(GuestRedemptionReset resource) {
        List<String> keys = new ArrayList<>();
        if (resource.getSpec() != null && resource.getSpec().getGuest() != null) {
            String userId = resource.getSpec().getGuest().getUserId();
            String email = resource.getSpec().getGuest().getEmail();
            if (userId != null && !userId.isBlank()) {
                keys.add(idKey(userId));
            }
            if (email != null && !email.isBlank()) {
                keys.add(mailKey(email));
            }
        }
        if (resource.getStatus() != null && resource.getStatus().getUserId() != null) {
            keys.add(idKey(resource.getStatus().getUserId()));
        }
        return keys;
    }

    /** Runs {@code pass} while no other pass of this process acts on the same guest. */
    <T> T exclusively(String userId, Supplier<T> pass) {
        ReentrantLock lock = locks[Math.floorMod(userId.toLowerCase().hashCode(), STRIPES)];
        lock.lock();
        try {
            return pass.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims {@code user} for {@code self} and returns the other resources that may name it, in any
     * shard, each as {@link #latest} picks it from the two caches.
     *
     * @param thisShard  the controller's cache: this shard's resources
     * @param everyShard every resource of every shard ({@link #everyShard()})
     */
    List<Peer> claimAndList(GuestRedemptionReset self, GuestUser user, IndexedResourceCache<GuestRedemptionReset> thisShard,
                            IndexedResourceCache<GuestRedemptionReset> everyShard) {
        ResourceID selfId = ResourceID.fromResource(self);
        requireBothShow(selfId, thisShard, everyShard);
        claims.put(selfId, user.id().toLowerCase());
        Set<ResourceID> candidates = new LinkedHashSet<>();
        claims.forEach((id, userId) -> {
            if (userId.equals(user.id().toLowerCase())) {
                candidates.add(id);
            }
        });
        List<String> keys = new ArrayList<>(List.of(idKey(user.id())));
        if (user.mail() != null) {
            keys.add(mailKey(user.mail()));
        }
        for (IndexedResourceCache<GuestRedemptionReset> cache : List.of(thisShard, everyShard)) {
            keys.forEach(key -> cache.byIndex(GUEST_INDEX, key).forEach(r -> candidates.add(ResourceID.fromResource(r))));
        }
        candidates.remove(selfId);
        List<Peer> peers = new ArrayList<>();
        for (ResourceID id : candidates) {
            Optional<GuestRedemptionReset> inThisShard = thisShard.get(id);
            Optional<GuestRedemptionReset> inEveryShard = everyShard.get(id);
            if (inThisShard.isEmpty() && inEveryShard.isEmpty()) {
                claims.remove(id); // deleted
            }
            latest(inThisShard, inEveryShard).ifPresent(peer -> peers.add(peerOf(peer)));
        }
        // Again after reading: caches emptied while the pass read them (JOSDK stopping) gave a list
        // that may miss the owner; they no longer show this resource either.
        requireBothShow(selfId, thisShard, everyShard);
        return peers;
    }

    /** Both caches show the resource being reconciled, so what they show of the others can be trusted. */
    private static void requireBothShow(ResourceID selfId, IndexedResourceCache<GuestRedemptionReset> thisShard,
                                        IndexedResourceCache<GuestRedemptionReset> everyShard) {
        if (thisShard.get(selfId).isEmpty()) {
            // JOSDK empties the cache when it stops (shutdown, a lost lease): a pass still running would
            // see no other resource and take the guest. The resource being reconciled is always in a live
            // cache, so its absence means the other resources cannot be known, and nothing may be written.
            throw new CacheUnavailable("the informer cache no longer holds " + selfId + " (stopping, or deleted)");
        }
        if (everyShard.get(selfId).isEmpty()) {
            // One watch delivers events in order: once it shows this resource, it shows every resource
            // created before it, in every shard. Until then an older one may be missing from it.
            throw new CacheUnavailable("the informer of every shard does not show " + selfId + " yet");
        }
    }

    /**
     * Which copy of a peer the pass judges by. The two caches are two watches with no order between
     * them, and only the informer of every shard wakes this resource when a peer changes or goes
     * ({@link #eventSource}), so its view is the one to trust: had the pass believed this shard's
     * cache, still holding an owner the wake-up reported deleted or pointed elsewhere, it would have
     * stalled behind it with no later event to correct that (until the stalled recheck, minutes
     * later). A peer it does not show was deleted, or created after this resource (it shows every
     * older one): not the owner by age, and the claim, read from the API server before any write,
     * still stops this resource if that one took the guest. Of two copies of one object the newer
     * spec wins; on a tie this shard's, which this process's own status writes reach first. When the
     * informer of every shard is the one behind, its next event brings the pass back.
     */
    static Optional<GuestRedemptionReset> latest(Optional<GuestRedemptionReset> inThisShard,
                                                 Optional<GuestRedemptionReset> inEveryShard) {
        if (inEveryShard.isEmpty() || inThisShard.isEmpty()) {
            return inEveryShard;
        }
        GuestRedemptionReset here = inThisShard.get();
        GuestRedemptionReset everywhere = inEveryShard.get();
        boolean sameObject = Objects.equals(here.getMetadata().getUid(), everywhere.getMetadata().getUid());
        boolean sameSpecOrNewer = ResourceNames.generationOf(here) >= ResourceNames.generationOf(everywhere);
        return sameObject && sameSpecOrNewer ? inThisShard : inEveryShard;
    }

    /** A resource that names no resolvable guest (any more) claims nothing. */
    void release(GuestRedemptionReset resource) {
        claims.remove(ResourceID.fromResource(resource));
    }

    /**
     * The resources to look at again when {@code changed} changes or goes: those that name the same
     * guest, one of which may now be its owner.
     */
    Set<ResourceID> affectedBy(GuestRedemptionReset changed, Function<String, List<GuestRedemptionReset>> byIndex) {
        ResourceID changedId = ResourceID.fromResource(changed);
        Set<ResourceID> affected = new LinkedHashSet<>();
        String claimed = claims.get(changedId);
        if (claimed != null) {
            claims.forEach((id, userId) -> {
                if (userId.equals(claimed)) {
                    affected.add(id);
                }
            });
        }
        guestKeys(changed).forEach(key -> byIndex.apply(key).forEach(r -> affected.add(ResourceID.fromResource(r))));
        affected.remove(changedId);
        return affected;
    }

    static Peer peerOf(GuestRedemptionReset resource) {
        String created = resource.getMetadata().getCreationTimestamp();
        return new Peer(new ResourceRef(resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
                created == null ? null : Instant.parse(created)), resource.getSpec(), resource.getStatus());
    }

    static String idKey(String userId) {
        return "id:" + userId.trim().toLowerCase();
    }

    private static String mailKey(String email) {
        return "mail:" + Emails.normalize(email);
    }
}
