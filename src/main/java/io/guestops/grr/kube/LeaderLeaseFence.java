package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The write fence of a replica under leader election, from the last proof that it holds the
 * leader Lease: the Lease as the API server returned it, naming this replica with a renewTime.
 *
 * <p>Another replica may take the Lease only once the renewTime it reads is {@code leaseDuration}
 * old (Fabric8's elector compares the record's renewTime plus its leaseDurationSeconds with its
 * own clock). The renewTime is this replica's own clock at the renewal, so the fence stays open
 * only until {@code renewTime + renewDeadline}: the difference ({@code leaseDuration -
 * renewDeadline}, 5 s with the defaults) is the margin for clock skew between nodes and for a
 * write that was started just before the fence closed. A fence whose proof is too old reads the
 * Lease once more (one GET) before it refuses: JOSDK's elector renews every retry period, so a
 * leader that renews finds fresh proof. Nothing here can be told of the elector's renewals
 * directly (JOSDK 5 builds Fabric8's elector itself), hence the read.
 *
 * <p>Once this replica stops leading or gives the Lease back ({@link #revoke()}), the fence stays
 * shut: JOSDK's elector is never started again in the same operator.
 */
final class LeaderLeaseFence implements GraphWriteFence {

    private final KubernetesClient client;
    private final OperatorSettings.LeaderElection election;
    private final Clock clock;
    private volatile Proof proof;
    private volatile boolean revoked;

    /** This replica's hold as the Lease last showed it. */
    private record Proof(Instant renewedAt, String holder) {}

    LeaderLeaseFence(KubernetesClient client, OperatorSettings.LeaderElection election, Clock clock) {
        this.client = client;
        this.election = election;
        this.clock = clock;
    }

    @Override
    public Optional<String> closedBecause() {
        if (revoked) {
            return Optional.of(revokedMessage());
        }
        if (provenNow()) {
            return Optional.empty();
        }
        Optional<String> unread = readLease();
        if (unread.isPresent()) {
            return unread;
        }
        if (revoked) {
            return Optional.of(revokedMessage());
        }
        return provenNow() ? Optional.empty() : Optional.of(notProvenMessage());
    }

    /** Shuts the fence for good: this replica stopped leading, or is about to give the Lease back. */
    void revoke() {
        revoked = true;
    }

    private boolean provenNow() {
        Proof last = proof;
        return last != null && election.identity().equals(last.holder())
                && clock.instant().isBefore(last.renewedAt().plus(election.renewDeadline()));
    }

    /** One read at a time: passes that find the proof stale together share the next read. */
    private synchronized Optional<String> readLease() {
        if (provenNow()) {
            return Optional.empty();
        }
        try {
            Lease lease = client.leases().inNamespace(election.leaseNamespace()).withName(election.leaseName()).get();
            proof = lease == null || lease.getSpec() == null ? null
                    : new Proof(instantOf(lease.getSpec().getRenewTime()), lease.getSpec().getHolderIdentity());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of("This replica could not read its leader Lease " + describeLease() + " (" + e.getCode()
                    + ") to prove it still leads; nothing was sent to Graph.");
        }
    }

    private static Instant instantOf(ZonedDateTime time) {
        return time == null ? Instant.EPOCH : time.toInstant();
    }

    private String notProvenMessage() {
        Proof last = proof;
        if (last == null || last.holder() == null || last.holder().isEmpty()) {
            return "This replica does not hold the leader Lease " + describeLease() + "; nothing was sent to Graph.";
        }
        if (!Objects.equals(last.holder(), election.identity())) {
            return "The leader Lease " + describeLease() + " is held by " + last.holder() + ", not this replica; nothing was "
                    + "sent to Graph.";
        }
        return "This replica last renewed the leader Lease " + describeLease() + " at " + last.renewedAt()
                + ", more than the renew deadline (" + election.renewDeadline().toMillis() + " ms) ago, so another replica "
                + "may soon take it; nothing was sent to Graph.";
    }

    private String revokedMessage() {
        return "This replica no longer leads (leader Lease " + describeLease() + "); nothing was sent to Graph.";
    }

    private String describeLease() {
        return election.leaseNamespace() + "/" + election.leaseName();
    }

}
