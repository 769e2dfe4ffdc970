package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.GuestReference;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one-owner rule reads the other resources naming a guest from the informer cache. JOSDK empties
 * that cache when it stops (a rollout, a lost lease) while a pass may still be running: such a pass
 * must not conclude that nobody else names the guest.
 */
class GuestPeersTest {

    private static final String OLIVIA = "7b000000-0000-4000-8000-000000000001";
    private static final String ELSEWHERE = "7b000000-0000-4000-8000-000000000009";
    private static final GuestUser USER = new GuestUser(OLIVIA, "Olivia", "olivia_partner.example#EXT#@contoso.onmicrosoft.com",
            "olivia@partner.example", List.of(), "Guest", "Invitation", "Accepted", null, List.of(), List.of());

    @Test
    void aLiveCacheListsTheOtherResourcesNamingTheGuest() {
        GuestRedemptionReset first = OperatorHarness.resource("first", new GuestReference(OLIVIA, null), "olivia@first.example");
        GuestRedemptionReset second = namingOliviaByMail("second");

        List<Peer> peers = peersOf(second, List.of(first, second), List.of(first, second));

        assertThat(peers).extracting(peer -> peer.ref().name()).containsExactly("first");
    }

    /** Shards: the controller's cache holds this shard's resources; a peer in another shard still counts. */
    @Test
    void aResourceOfAnotherShardNamingTheGuestIsAPeer() {
        GuestRedemptionReset otherShard = OperatorHarness.resource("other-shard", new GuestReference(OLIVIA, null),
                "olivia@first.example");
        GuestRedemptionReset self = namingOliviaByMail("this-shard");

        List<Peer> peers = peersOf(self, List.of(self), List.of(otherShard, self));

        assertThat(peers).extracting(peer -> peer.ref().name()).containsExactly("other-shard");
    }

    /**
     * The informer of every shard is a watch of its own: until it shows the resource being reconciled,
     * it may also miss an older resource of another shard, so the pass writes nothing yet.
     */
    @Test
    void anInformerOfEveryShardThatHasNotSeenTheResourceYetRefuses() {
        GuestRedemptionReset self = OperatorHarness.resource("this-shard", new GuestReference(OLIVIA, null), "olivia@first.example");

        assertThatThrownBy(() -> peersOf(self, List.of(self), List.of()))
                .isInstanceOf(CacheUnavailable.class).hasMessageContaining("every shard");
    }

    /**
     * Issue 15, point 3: the owner is deleted, and the informer of every shard, whose event wakes the
     * next resource, no longer shows it while the controller's cache (another watch) still does. The
     * pass must not stall behind it: no later event would wake the next resource again.
     */
    @Test
    void anOwnerTheInformerOfEveryShardSawDeletedIsNoPeerWhileThisShardsCacheStillHoldsIt() {
        GuestRedemptionReset deletedOwner = stored("owner", OLIVIA, "olivia@first.example", 1);
        GuestRedemptionReset next = stored("next", OLIVIA, "olivia@second.example", 1);

        assertThat(peersOf(next, List.of(deletedOwner, next), List.of(next))).isEmpty();
    }

    /** The same race when the owner is pointed at another guest: its new spec counts, not the cached old one. */
    @Test
    void anOwnerPointedElsewhereIsJudgedByItsNewSpecWhileThisShardsCacheHoldsTheOldOne() {
        GuestRedemptionReset ownerBefore = stored("owner", OLIVIA, "olivia@first.example", 1);
        GuestRedemptionReset ownerAfter = stored("owner", ELSEWHERE, "olivia@first.example", 2);
        GuestRedemptionReset next = stored("next", OLIVIA, "olivia@second.example", 1);

        List<Peer> peers = peersOf(next, List.of(ownerBefore, next), List.of(ownerAfter, next));

        assertThat(peers).extracting(peer -> peer.spec().getGuest().getUserId()).containsExactly(ELSEWHERE);
    }

    /** With the same spec in both, this shard's copy counts: this process's own status writes reach it first. */
    @Test
    void withTheSameSpecThisShardsCopyCountsForItsFresherStatus() {
        GuestRedemptionReset written = stored("owner", OLIVIA, "olivia@first.example", 1);
        written.setStatus(new GuestRedemptionResetStatus());
        written.getStatus().setUserId(OLIVIA);
        GuestRedemptionReset notYetSeenWritten = stored("owner", OLIVIA, "olivia@first.example", 1);
        GuestRedemptionReset next = stored("next", OLIVIA, "olivia@second.example", 1);

        List<Peer> peers = peersOf(next, List.of(written, next), List.of(notYetSeenWritten, next));

        assertThat(peers).extracting(peer -> peer.status() == null ? null : peer.status().getUserId()).containsExactly(OLIVIA);
    }

    @Test
    void aStoppedCacheRefusesInsteadOfReportingNoOtherResource() {
        GuestRedemptionReset second = namingOliviaByMail("second");

        assertThatThrownBy(() -> peersOf(second, List.of(), List.of(second))).isInstanceOf(CacheUnavailable.class);
    }

    @Test
    void aCacheEmptiedWhileThePassReadsItRefusesInsteadOfListingNoOwner() {
        GuestRedemptionReset owner = stored("owner", OLIVIA, "olivia@first.example", 1);
        GuestRedemptionReset next = stored("next", OLIVIA, "olivia@second.example", 1);
        StoppingCache everyShard = new StoppingCache(new ArrayList<>(List.of(owner, next)));

        assertThatThrownBy(() -> new GuestPeers().claimAndList(next, USER, new ListCache(List.of(owner, next)), everyShard))
                .isInstanceOf(CacheUnavailable.class);
    }

    /**
     * The peers a pass of {@code self} lists, the controller's cache (this shard's) holding
     * {@code thisShard} and the informer of every shard {@code everyShard}.
     */
    private static List<Peer> peersOf(GuestRedemptionReset self, List<GuestRedemptionReset> thisShard,
                                      List<GuestRedemptionReset> everyShard) {
        return new GuestPeers().claimAndList(self, USER, new ListCache(thisShard), new ListCache(everyShard));
    }

    /** A resource naming Olivia by her mail, to a second address. */
    private static GuestRedemptionReset namingOliviaByMail(String name) {
        return OperatorHarness.resource(name, new GuestReference(null, "olivia@partner.example"), "olivia@second.example");
    }

    /** As the API server returns it: with a uid (from its name) and a generation; the guest by object id. */
    private static GuestRedemptionReset stored(String name, String userId, String desiredEmail, long generation) {
        GuestRedemptionReset resource = OperatorHarness.resource(name, new GuestReference(userId, null), desiredEmail);
        resource.getMetadata().setUid("uid-" + name);
        resource.getMetadata().setGeneration(generation);
        return resource;
    }

    /** An informer cache JOSDK stops while a pass reads it: emptied as the pass looks up the guest's index. */
    private record StoppingCache(List<GuestRedemptionReset> resources) implements IndexedResourceCache<GuestRedemptionReset> {

        @Override
        public List<GuestRedemptionReset> byIndex(String indexName, String indexKey) {
            resources.clear();
            return List.of();
        }

        @Override
        public Optional<GuestRedemptionReset> get(ResourceID id) {
            return new ListCache(resources).get(id);
        }

        @Override
        public Stream<ResourceID> keys() {
            return new ListCache(resources).keys();
        }

        @Override
        public Stream<GuestRedemptionReset> list(Predicate<GuestRedemptionReset> predicate) {
            return new ListCache(resources).list(predicate);
        }

        @Override
        public Stream<GuestRedemptionReset> list(String namespace, Predicate<GuestRedemptionReset> predicate) {
            return new ListCache(resources).list(namespace, predicate);
        }
    }

    /** An informer cache holding these resources, indexed as the reconciler indexes its own. */
    private record ListCache(List<GuestRedemptionReset> resources) implements IndexedResourceCache<GuestRedemptionReset> {

        @Override
        public List<GuestRedemptionReset> byIndex(String indexName, String indexKey) {
            assertThat(indexName).isEqualTo(GuestPeers.GUEST_INDEX);
            return resources.stream().filter(r -> GuestPeers.guestKeys(r).contains(indexKey)).toList();
        }

        @Override
        public Optional<GuestRedemptionReset> get(ResourceID id) {
            return resources.stream().filter(r -> ResourceID.fromResource(r).equals(id)).findFirst();
        }

        @Override
        public Stream<ResourceID> keys() {
            return resources.stream().map(ResourceID::fromResource);
        }

        @Override
        public Stream<GuestRedemptionReset> list(Predicate<GuestRedemptionReset> predicate) {
            return resources.stream().filter(predicate);
        }

        @Override
        public Stream<GuestRedemptionReset> list(String namespace, Predicate<GuestRedemptionReset> predicate) {
            return list(predicate.and(r -> namespace.equals(r.getMetadata().getNamespace())));
        }
    }
}
