package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every version of one Lease the API server sends a watch, with its holder and renewTime, as the replicas wrote them. */
final class LeaseHistory implements AutoCloseable {

    /** One version of the Lease, and when the test saw it. */
    record Version(String holder, Instant renewTime, Instant acquireTime, Integer leaseDurationSeconds, Instant seenAt) {}

    private final List<Version> versions = new CopyOnWriteArrayList<>();
    private final Watch watch;

    private LeaseHistory(KubernetesClient client, String namespace, String name) {
        watch = client.leases().inNamespace(namespace).withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Lease lease) {
                if (lease.getSpec() != null) {
                    var spec = lease.getSpec();
                    versions.add(new Version(spec.getHolderIdentity(), spec.getRenewTime() == null ? null : spec.getRenewTime().toInstant(),
                            spec.getAcquireTime() == null ? null : spec.getAcquireTime().toInstant(), spec.getLeaseDurationSeconds(),
                            Instant.now()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    static LeaseHistory watch(KubernetesClient client, String namespace, String name) {
        return new LeaseHistory(client, namespace, name);
    }

    List<Version> versions() {
        return List.copyOf(versions);
    }

    /** The last renewTime written while {@code holder} held the Lease. */
    Optional<Instant> lastRenewalBy(String holder) {
        return versions.stream().filter(v -> Objects.equals(holder, v.holder())).map(Version::renewTime).filter(Objects::nonNull)
                .max(Instant::compareTo);
    }

    /** When {@code holder} took the Lease (its acquireTime), the first time it did. */
    Optional<Instant> acquiredBy(String holder) {
        return versions.stream().filter(v -> Objects.equals(holder, v.holder())).map(Version::acquireTime).filter(Objects::nonNull)
                .min(Instant::compareTo);
    }

    /** When the test first saw {@code holder} holding the Lease. */
    Optional<Instant> firstSeenHeldBy(String holder) {
        return versions.stream().filter(v -> Objects.equals(holder, v.holder())).map(Version::seenAt).min(Instant::compareTo);
    }

    /** When the test first saw the Lease given back (no holder) by a graceful stop. */
    Optional<Instant> firstSeenReleased() {
        return versions.stream().filter(v -> v.holder() == null || v.holder().isEmpty()).map(Version::seenAt).min(Instant::compareTo);
    }

    @Override
    public void close() {
        watch.close();
    }
}
