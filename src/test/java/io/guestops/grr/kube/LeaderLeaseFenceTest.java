package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.guestops.grr.testkit.KubectlFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fence opens only on proof, read from the Lease, that this replica renewed it less than the renew deadline ago. */
class LeaderLeaseFenceTest {

    private static final Instant NOW = Instant.parse("2026-01-10T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** The embedded Kubernetes only: the Lease API the fence reads. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();
    private static int leases;

    @Test
    void aLeaseThisReplicaRenewedWithinTheRenewDeadlineOpensIt() {
        OperatorSettings.LeaderElection election = election();
        writeLease(election, "replica-a", NOW.minusSeconds(9));

        assertThat(new LeaderLeaseFence(KUBERNETES.client(), election, CLOCK).closedBecause()).isEmpty();
    }

    @Test
    void aRenewalOlderThanTheRenewDeadlineShutsIt() {
        OperatorSettings.LeaderElection election = election();
        writeLease(election, "replica-a", NOW.minusSeconds(10));

        assertThat(new LeaderLeaseFence(KUBERNETES.client(), election, CLOCK).closedBecause()).get().asString()
                .contains("last renewed the leader Lease default/" + election.leaseName() + " at " + NOW.minusSeconds(10))
                .contains("nothing was sent to Graph");
    }

    @Test
    void anotherHolderOrNoLeaseShutsIt() {
        OperatorSettings.LeaderElection election = election();
        LeaderLeaseFence fence = new LeaderLeaseFence(KUBERNETES.client(), election, CLOCK);
        assertThat(fence.closedBecause()).get().asString().contains("does not hold the leader Lease");

        writeLease(election, "replica-b", NOW);
        assertThat(fence.closedBecause()).get().asString().contains("is held by replica-b, not this replica");
    }

    @Test
    void aStaleProofIsReadAgainFromTheLease() {
        OperatorSettings.LeaderElection election = election();
        writeLease(election, "replica-a", NOW.minusSeconds(30));
        LeaderLeaseFence fence = new LeaderLeaseFence(KUBERNETES.client(), election, CLOCK);
        assertThat(fence.closedBecause()).isPresent();

        writeLease(election, "replica-a", NOW.minusSeconds(1));
        assertThat(fence.closedBecause()).as("the elector renewed since: the fence reads it").isEmpty();
    }

    @Test
    void onceRevokedItStaysShutWhateverTheLeaseSays() {
        OperatorSettings.LeaderElection election = election();
        writeLease(election, "replica-a", NOW);
        LeaderLeaseFence fence = new LeaderLeaseFence(KUBERNETES.client(), election, CLOCK);
        assertThat(fence.closedBecause()).isEmpty();

        fence.revoke();

        assertThat(fence.closedBecause()).get().asString().contains("no longer leads");
    }

    private static OperatorSettings.LeaderElection election() {
        return new OperatorSettings.LeaderElection("fence-" + ++leases, "default", "replica-a", Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2), false);
    }

    private static void writeLease(OperatorSettings.LeaderElection election, String holder, Instant renewedAt) {
        ZonedDateTime renewTime = ZonedDateTime.ofInstant(renewedAt, ZoneOffset.UTC);
        Lease lease = new LeaseBuilder().withNewMetadata().withName(election.leaseName()).withNamespace(election.leaseNamespace())
                .endMetadata().withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15).withAcquireTime(renewTime)
                .withRenewTime(renewTime).endSpec().build();
        KUBERNETES.client().leases().resource(lease).createOr(existing -> existing.update());
    }
}
