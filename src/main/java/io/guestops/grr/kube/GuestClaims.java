package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.guestops.grr.decision.ownership.ClaimHolder;
import io.guestops.grr.decision.ownership.ClaimRule;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guests' claims as Leases in the operator's own namespace, one per guest
 * ({@code grr-guest-<object id>}), shared by every shard and replica: the API server's atomic
 * create (409 when it exists) and optimistic update (409 on a stale resourceVersion) decide which
 * resource may write to a guest. What an answer means is {@link ClaimRule}'s; this class only reads
 * and writes. A claim this process confirmed is remembered for the resource's uid and generation,
 * so the later passes of an unchanged resource cost no request.
 */
final class GuestClaims implements LedgerStore {

    static final String LEASE_PREFIX = "grr-guest-";
    private static final Logger LOG = LoggerFactory.getLogger(GuestClaims.class);
    private static final int ATTEMPTS = 3;

    /** A claim this process saw held by a resource, valid while the resource and its spec stay the same. */
    private record Remembered(String uid, Long generation, String userId) {}

    /** A remembered claim, with the guest's ledger as this process last read or wrote it. */
    private record Holding(Remembered claim, GuestLedger ledger) {}

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final LedgerAnnotations ledgers;
    private final Map<ResourceID, Holding> held = new ConcurrentHashMap<>();

    GuestClaims(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.ledgers = new LedgerAnnotations(client.getKubernetesSerialization());
    }

    /** Where the ledgers live, for messages: the Lease's namespace and name. */
    @Override
    public String describe(String userId) {
        return "Lease " + namespace + "/" + leaseName(userId);
    }

    static String leaseName(String userId) {
        return LEASE_PREFIX + userId.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * HELD when this process confirmed the claim for this very resource and spec; otherwise UNREAD.
     * A claim is taken over only from a deleted holder or one whose spec changed (a new generation),
     * so an unchanged resource still holds what it held.
     */
    GuestClaim remembered(GuestRedemptionReset resource, String userId) {
        Holding holding = held.get(ResourceID.fromResource(resource));
        return holding != null && holding.claim().equals(rememberedOf(resource, userId))
                ? new GuestClaim.HeldBySelf(holding.ledger()) : GuestClaim.UNREAD;
    }

    /** Takes the guest's claim for {@code resource}, or says who holds it. */
    GuestClaim take(GuestRedemptionReset resource, GuestUser user, ResolvedGuest resolution) {
        ClaimHolder self = holderOf(resource);
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                if (created(self, user, resolution)) {
                    return remember(resource, user, GuestLedger.EMPTY);
                }
                Lease lease = lease(user).get();
                if (lease == null) {
                    continue; // deleted in between: create it again
                }
                GuestClaim claim = judge(lease, self, user);
                if (!(claim instanceof GuestClaim.Unclaimed)) {
                    return claim instanceof GuestClaim.HeldBySelf ? remember(resource, user, ledgers.read(lease)) : claim;
                }
                String previous = lease.getSpec().getHolderIdentity();
                if (tookOver(lease, self, resolution)) {
                    LOG.info("{} took over the claim of user {} from {}, which no longer exists or names another guest",
                            self, user.id(), previous);
                    // The ledger stays on the claim: the new holder adopts what its predecessor recorded.
                    return remember(resource, user, ledgers.read(lease));
                }
            }
            return new GuestClaim.Unavailable("the claim kept changing while it was taken");
        } catch (KubernetesClientException e) {
            return unavailable(e);
        }
    }

    /** Who holds the guest's claim, without taking it. */
    GuestClaim read(GuestRedemptionReset resource, GuestUser user) {
        try {
            Lease lease = lease(user).get();
            if (lease == null) {
                return GuestClaim.UNCLAIMED;
            }
            GuestClaim claim = judge(lease, holderOf(resource), user);
            return claim instanceof GuestClaim.HeldBySelf ? remember(resource, user, ledgers.read(lease)) : claim;
        } catch (KubernetesClientException e) {
            return unavailable(e);
        }
    }

    private boolean created(ClaimHolder self, GuestUser user, ResolvedGuest resolution) {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Lease claim = new LeaseBuilder()
                .withNewMetadata().withName(leaseName(user.id())).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "guest-redemption-operator")
                .addToLabels("guestops.io/claim", "guest")
                .endMetadata()
                .withNewSpec().withHolderIdentity(self.identity()).withAcquireTime(now).endSpec()
                .build();
        LedgerAnnotations.markResolution(claim, resolution);
        try {
            leases().resource(claim).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false; // AlreadyExists: someone claimed this guest before
            }
            throw e;
        }
    }

    /** HELD, held by another resource that may still write, or UNCLAIMED (its holder is gone). */
    private GuestClaim judge(Lease lease, ClaimHolder self, GuestUser user) {
        ClaimHolder holder = ClaimHolder.parse(lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity()).orElse(null);
        if (self.equals(holder)) {
            return GuestClaim.HELD;
        }
        if (holder == null) {
            return GuestClaim.UNCLAIMED;
        }
        // Asked of the API server, not an informer: a holder created a moment ago may not be in a cache yet.
        GuestRedemptionReset current = client.resources(GuestRedemptionReset.class).inNamespace(holder.namespace())
                .withName(holder.name()).get();
        boolean mayWrite = ClaimRule.holderMayStillWrite(holder, current == null ? null : GuestPeers.peerOf(current),
                current == null ? null : current.getMetadata().getUid(), user);
        return mayWrite ? new GuestClaim.HeldByAnother(holder) : GuestClaim.UNCLAIMED;
    }

    /** An update carrying the resourceVersion read: of two taking over at once, one gets a 409. */
    private boolean tookOver(Lease lease, ClaimHolder self, ResolvedGuest resolution) {
        LedgerAnnotations.markResolution(lease, resolution);
        lease.getSpec().setHolderIdentity(self.identity());
        lease.getSpec().setAcquireTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        try {
            leases().resource(lease).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    private GuestClaim remember(GuestRedemptionReset resource, GuestUser user, GuestLedger ledger) {
        held.put(ResourceID.fromResource(resource), new Holding(rememberedOf(resource, user.id()), ledger));
        return new GuestClaim.HeldBySelf(ledger);
    }

    /**
     * Writes {@code next} as the guest's ledger, with an optimistic update of the claim this resource
     * holds, if the ledger on it is still {@code expected} (what the pass decided on). Empty when
     * written; otherwise why not, and then nothing may be sent to Graph: another holder, a ledger
     * that changed since it was read, or an API server that could not be asked. An intent the pass
     * read from the Entra copy is no part of the claim's ledger ({@link GuestLedger#onClaim}): it is
     * neither expected on the claim nor written to it.
     */
    @Override
    public Optional<String> writeLedger(GuestRedemptionReset resource, String userId, GuestLedger expectedLedger,
                                        GuestLedger nextLedger) {
        GuestLedger expected = expectedLedger.onClaim();
        GuestLedger next = nextLedger.onClaim();
        ClaimHolder self = holderOf(resource);
        try {
            Lease lease = leases().withName(leaseName(userId)).get();
            if (lease == null || lease.getSpec() == null || !self.identity().equals(lease.getSpec().getHolderIdentity())) {
                held.remove(ResourceID.fromResource(resource));
                return Optional.of("this resource no longer holds the guest's claim");
            }
            if (!ledgers.holds(lease, expected)) {
                held.remove(ResourceID.fromResource(resource));
                return Optional.of("the ledger changed since it was read");
            }
            ledgers.write(lease, next);
            leases().resource(lease).update();
            held.computeIfPresent(ResourceID.fromResource(resource), (id, holding) -> new Holding(holding.claim(), next));
            return Optional.empty();
        } catch (KubernetesClientException e) {
            held.remove(ResourceID.fromResource(resource));
            return Optional.of(e.getCode() == 409 ? "the claim changed while it was written" : "HTTP " + e.getCode());
        }
    }

    /**
     * The guest's resolution kept on its claim, for a resource whose status has none (re-created,
     * moved, restored); empty when there is none, or the API server could not be asked (the pass
     * then resolves the guest from Graph alone, as for a new resource).
     */
    Optional<ResolvedGuest> resolutionFor(GuestRedemptionResetSpec spec) {
        try {
            return LedgerAnnotations.resolutionFor(client, namespace, spec);
        } catch (KubernetesClientException e) {
            LOG.debug("Could not read the guests' claims for a resolution (HTTP {})", e.getCode());
            return Optional.empty();
        }
    }

    /** The guest's ledger as the API server shows it now, for `plan` and `status`; EMPTY when the guest has no claim. */
    GuestLedger ledgerOf(String userId) {
        Lease lease = leases().withName(leaseName(userId)).get();
        return lease == null ? GuestLedger.EMPTY : ledgers.read(lease);
    }

    private static Remembered rememberedOf(GuestRedemptionReset resource, String userId) {
        return new Remembered(resource.getMetadata().getUid(), resource.getMetadata().getGeneration(),
                userId.toLowerCase(Locale.ROOT));
    }

    private static ClaimHolder holderOf(GuestRedemptionReset resource) {
        return new ClaimHolder(resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
                Objects.requireNonNull(resource.getMetadata().getUid(), "a resource from the API server has a uid"));
    }

    private static GuestClaim unavailable(KubernetesClientException e) {
        LOG.warn("Could not read or take a guest's claim (HTTP {}): {}", e.getCode(), e.getMessage());
        return new GuestClaim.Unavailable(e.getCode() == 0 ? "no answer" : "HTTP " + e.getCode());
    }

    private Resource<Lease> lease(GuestUser user) {
        return leases().withName(leaseName(user.id()));
    }

    private NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases() {
        return client.leases().inNamespace(namespace);
    }
}
