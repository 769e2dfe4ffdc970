package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.guestops.grr.decision.ClaimHolder;
import io.guestops.grr.decision.ClaimRule;
import io.guestops.grr.decision.GuestClaim;
import io.guestops.grr.graph.GuestUser;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
final class GuestClaims {

    static final String LEASE_PREFIX = "grr-guest-";
    private static final Logger LOG = LoggerFactory.getLogger(GuestClaims.class);
    private static final int ATTEMPTS = 3;

    /** A claim this process saw held by a resource, valid while the resource and its spec stay the same. */
    private record Remembered(String uid, Long generation, String userId) {}

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Map<ResourceID, Remembered> held = new ConcurrentHashMap<>();

    GuestClaims(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
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
        Remembered claim = held.get(ResourceID.fromResource(resource));
        return claim != null && claim.equals(rememberedOf(resource, userId)) ? GuestClaim.HELD : GuestClaim.UNREAD;
    }

    /** Takes the guest's claim for {@code resource}, or says who holds it. */
    GuestClaim take(GuestRedemptionReset resource, GuestUser user) {
        ClaimHolder self = holderOf(resource);
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                if (created(self, user)) {
                    return remember(resource, user);
                }
                Lease lease = lease(user).get();
                if (lease == null) {
                    continue; // deleted in between: create it again
                }
                GuestClaim claim = judge(lease, self, user);
                if (!(claim instanceof GuestClaim.Unclaimed)) {
                    return claim instanceof GuestClaim.HeldBySelf ? remember(resource, user) : claim;
                }
                String previous = lease.getSpec().getHolderIdentity();
                if (tookOver(lease, self)) {
                    LOG.info("{} took over the claim of user {} from {}, which no longer exists or names another guest",
                            self, user.id(), previous);
                    return remember(resource, user);
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
            return claim instanceof GuestClaim.HeldBySelf ? remember(resource, user) : claim;
        } catch (KubernetesClientException e) {
            return unavailable(e);
        }
    }

    private boolean created(ClaimHolder self, GuestUser user) {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Lease claim = new LeaseBuilder()
                .withNewMetadata().withName(leaseName(user.id())).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "guest-redemption-operator")
                .addToLabels("guestops.io/claim", "guest")
                .endMetadata()
                .withNewSpec().withHolderIdentity(self.identity()).withAcquireTime(now).endSpec()
                .build();
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
    private boolean tookOver(Lease lease, ClaimHolder self) {
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

    private GuestClaim remember(GuestRedemptionReset resource, GuestUser user) {
        held.put(ResourceID.fromResource(resource), rememberedOf(resource, user.id()));
        return GuestClaim.HELD;
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
