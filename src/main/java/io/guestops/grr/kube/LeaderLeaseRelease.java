package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the leader Lease back on a graceful stop, as client-go's {@code ReleaseOnCancel} does (JOSDK 5
 * builds Fabric8's elector with it off): no holder, a lease duration of 1 s, so a standby takes it
 * at its next retry instead of waiting out the lease duration. The update carries the
 * resourceVersion it read, so it never overwrites another holder's record.
 */
final class LeaderLeaseRelease {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderLeaseRelease.class);
    /** A renewal of our own elector still in flight when it was stopped can win one race; no more. */
    private static final int ATTEMPTS = 3;

    private LeaderLeaseRelease() {
    }

    /**
     * Releases the Lease if this replica holds it. Call only after the elector has stopped and the
     * write fence is shut: a released Lease may be taken by another replica at once.
     *
     * @return true when this call released it
     */
    static boolean releaseIfHeld(KubernetesClient client, OperatorSettings.LeaderElection election, Clock clock) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Lease lease = client.leases().inNamespace(election.leaseNamespace()).withName(election.leaseName()).get();
                if (lease == null || lease.getSpec() == null || !election.identity().equals(lease.getSpec().getHolderIdentity())) {
                    return false;
                }
                ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                lease.getSpec().setHolderIdentity("");
                lease.getSpec().setLeaseDurationSeconds(1);
                lease.getSpec().setAcquireTime(now);
                lease.getSpec().setRenewTime(now);
                client.leases().resource(lease).update();
                LOG.info("Released the leader Lease {}/{}: a standby may take it now", election.leaseNamespace(),
                        election.leaseName());
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warn("Could not release the leader Lease {}/{} (HTTP {}); a standby takes it when it expires",
                            election.leaseNamespace(), election.leaseName(), e.getCode());
                    return false;
                }
            } catch (RuntimeException closed) {
                // A replica killed on purpose (its client closed first) must not release: it crashed.
                LOG.warn("Could not release the leader Lease {}/{} ({}); a standby takes it when it expires",
                        election.leaseNamespace(), election.leaseName(), closed.toString());
                return false;
            }
        }
        return false;
    }
}
