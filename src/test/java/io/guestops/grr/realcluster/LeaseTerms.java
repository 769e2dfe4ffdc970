package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who held the leader Lease when. A term begins when its replica's elector has written the Lease
 * and the replica starts leading (told by the replica itself, at once, in this JVM) and ends when
 * the next one begins. The Lease's own {@code acquireTime} cannot place it: Fabric8's elector takes
 * that time before it reads the Lease, so a read that hangs while the API server restarts backdates
 * the acquisition by as long as it hung (seen here: by 11 s). The Lease, watched by an informer,
 * gives the holder now and each holder's last renewal (for the hand-over gap).
 */
final class LeaseTerms implements AutoCloseable {

    /** One holder's tenure. {@code end} is when the next holder started leading, null for the current one. */
    record Term(String holder, Instant began, Instant lastRenewed, Instant end) {
        boolean holds(Instant at) {
            return !at.isBefore(began) && (end == null || at.isBefore(end));
        }
    }

    private final List<String> holders = new ArrayList<>();
    private final List<Instant> starts = new ArrayList<>();
    private final Map<String, Instant> lastRenewal = new HashMap<>();
    private String currentHolder;
    private final SharedIndexInformer<Lease> informer;

    LeaseTerms(KubernetesClient client, String namespace, String name) {
        informer = client.leases().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Lease lease) {
                seen(lease);
            }

            @Override
            public void onUpdate(Lease before, Lease lease) {
                seen(lease);
            }

            @Override
            public void onDelete(Lease lease, boolean finalStateUnknown) {
            }
        });
    }

    /** The replica's elector acquired the Lease and the replica now acts. */
    synchronized void startedLeading(String holder, Instant at) {
        holders.add(holder);
        starts.add(at);
    }

    private synchronized void seen(Lease lease) {
        var spec = lease.getSpec();
        if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()) {
            return;
        }
        currentHolder = spec.getHolderIdentity();
        if (spec.getRenewTime() != null) {
            lastRenewal.merge(currentHolder, spec.getRenewTime().toInstant(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    synchronized List<Term> terms() {
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            String holder = holders.get(i);
            terms.add(new Term(holder, starts.get(i), lastRenewal.getOrDefault(holder, starts.get(i)),
                    i + 1 < starts.size() ? starts.get(i + 1) : null));
        }
        return terms;
    }

    /** The holder the Lease names now, as the informer last saw it. */
    synchronized Optional<String> holder() {
        return Optional.ofNullable(currentHolder);
    }

    /** How many times leadership passed to another replica. */
    synchronized int handovers() {
        return Math.max(0, starts.size() - 1);
    }

    /** The longest time from a holder's last renewal to the next holder starting to lead: how long no one acted. */
    Duration longestHandoverGap() {
        List<Term> terms = terms();
        Duration longest = Duration.ZERO;
        for (int i = 1; i < terms.size(); i++) {
            Duration gap = Duration.between(terms.get(i - 1).lastRenewed(), terms.get(i).began());
            longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
        return longest;
    }

    /** Whether {@code holder} held the Lease at that moment. */
    boolean held(String holder, Instant at) {
        return terms().stream().anyMatch(t -> t.holder().equals(holder) && t.holds(at));
    }

    @Override
    public void close() {
        informer.close();
    }
}
