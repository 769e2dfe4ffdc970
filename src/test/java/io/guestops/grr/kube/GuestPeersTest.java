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
        GuestRedemptionReset second = OperatorHarness.resource("second", new GuestReference(null, "olivia@partner.example"),
                "olivia@second.example");

        ListCache cache = new ListCache(List.of(first, second));
        List<Peer> peers = new GuestPeers().claimAndList(second, USER, cache, cache);

        assertThat(peers).extracting(peer -> peer.ref().name()).containsExactly("first");
    }

    /** Shards: the controller's cache holds this shard's resources; a peer in another shard still counts. */
    @Test
    void aResourceOfAnotherShardNamingTheGuestIsAPeer() {
        GuestRedemptionReset otherShard = OperatorHarness.resource("other-shard", new GuestReference(OLIVIA, null),
                "olivia@first.example");
        GuestRedemptionReset self = OperatorHarness.resource("this-shard", new GuestReference(null, "olivia@partner.example"),
                "olivia@second.example");

        List<Peer> peers = new GuestPeers().claimAndList(self, USER, new ListCache(List.of(self)),
                new ListCache(List.of(otherShard, self)));

        assertThat(peers).extracting(peer -> peer.ref().name()).containsExactly("other-shard");
    }

    /**
     * The informer of every shard is a watch of its own: until it shows the resource being reconciled,
     * it may also miss an older resource of another shard, so the pass writes nothing yet.
     */
    @Test
    void anInformerOfEveryShardThatHasNotSeenTheResourceYetRefuses() {
        GuestRedemptionReset self = OperatorHarness.resource("this-shard", new GuestReference(OLIVIA, null), "olivia@first.example");

        assertThatThrownBy(() -> new GuestPeers().claimAndList(self, USER, new ListCache(List.of(self)), new ListCache(List.of())))
                .isInstanceOf(CacheUnavailable.class).hasMessageContaining("every shard");
    }

    /**
     * Issue 15, point 3: the owner is deleted, and the informer of every shard, whose event wakes the
     * next resource, no longer shows it while the controller's cache (another watch) still does. The
     * pass must not stall behind it: no later event would wake the next resource again.
     */
    @Test
    void anOwnerTheInformerOfEveryShardSawDeletedIsNoPeerWhileThisShardsCacheStillHoldsIt() {
        GuestRedemptionReset deletedOwner = object(OperatorHarness.resource("owner", new GuestReference(OLIVIA, null),
                "olivia@first.example"), "uid-owner", 1);
        GuestRedemptionReset next = object(OperatorHarness.resource("next", new GuestReference(OLIVIA, null),
                "olivia@second.example"), "uid-next", 1);

        List<Peer> peers = new GuestPeers().claimAndList(next, USER, new ListCache(List.of(deletedOwner, next)),
                new ListCache(List.of(next)));

        assertThat(peers).isEmpty();
    }

    /** The same race when the owner is pointed at another guest: its new spec counts, not the cached old one. */
    @Test
    void anOwnerPointedElsewhereIsJudgedByItsNewSpecWhileThisShardsCacheHoldsTheOldOne() {
        GuestRedemptionReset ownerBefore = object(OperatorHarness.resource("owner", new GuestReference(OLIVIA, null),
                "olivia@first.example"), "uid-owner", 1);
        GuestRedemptionReset ownerAfter = object(OperatorHarness.resource("owner", new GuestReference(ELSEWHERE, null),
                "olivia@first.example"), "uid-owner", 2);
        GuestRedemptionReset next = object(OperatorHarness.resource("next", new GuestReference(OLIVIA, null),
                "olivia@second.example"), "uid-next", 1);

        List<Peer> peers = new GuestPeers().claimAndList(next, USER, new ListCache(List.of(ownerBefore, next)),
                new ListCache(List.of(ownerAfter, next)));

        assertThat(peers).extracting(peer -> peer.spec().getGuest().getUserId()).containsExactly(ELSEWHERE);
    }

    /** With the same spec in both, this shard's copy counts: this process's own status writes reach it first. */
    @Test
    void withTheSameSpecThisShardsCopyCountsForItsFresherStatus() {
        GuestRedemptionReset written = object(OperatorHarness.resource("owner", new GuestReference(OLIVIA, null),
                "olivia@first.example"), "uid-owner", 1);
        written.setStatus(new GuestRedemptionResetStatus());
        written.getStatus().setUserId(OLIVIA);
        GuestRedemptionReset notYetSeenWritten = object(OperatorHarness.resource("owner", new GuestReference(OLIVIA, null),
                "olivia@first.example"), "uid-owner", 1);
        GuestRedemptionReset next = object(OperatorHarness.resource("next", new GuestReference(OLIVIA, null),
                "olivia@second.example"), "uid-next", 1);

        List<Peer> peers = new GuestPeers().claimAndList(next, USER, new ListCache(List.of(written, next)),
                new ListCache(List.of(notYetSeenWritten, next)));

        assertThat(peers).extracting(peer -> peer.status() == null ? null : peer.status().getUserId()).containsExactly(OLIVIA);
    }

    @Test
    void aStoppedCacheRefusesInsteadOfReportingNoOtherResource() {
        GuestRedemptionReset second = OperatorHarness.resource("second", new GuestReference(null, "olivia@partner.example"),
                "olivia@second.example");

        assertThatThrownBy(() -> new GuestPeers().claimAndList(second, USER, new ListCache(List.of()),
                new ListCache(List.of(second))))
                .isInstanceOf(CacheUnavailable.class);
    }

    /** As the API server returns it: with a uid and a generation. */
    private static GuestRedemptionReset object(GuestRedemptionReset resource, String uid, long generation) {
        resource.getMetadata().setUid(uid);
        resource.getMetadata().setGeneration(generation);
        return resource;
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
