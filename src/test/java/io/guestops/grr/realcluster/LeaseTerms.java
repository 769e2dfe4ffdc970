package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The leader-election Lease's history as the API server recorded it: each holder's term, from the
 * {@code acquireTime} its elector wrote to the last {@code renewTime} seen. Watched by an informer,
 * which resumes (relisting when told 410 Gone) across API server restarts; the times come from the
 * Lease itself, so a term seen late is still placed exactly. A term the informer never saw shows as
 * a jump in {@code leaseTransitions}.
 */
final class LeaseTerms implements AutoCloseable {

    /** One holder's tenure. {@code end} is the next holder's acquireTime, null for the current one. */
    record Term(String holder, Instant acquired, Instant lastRenewed, Instant end) {
        boolean holds(Instant at) {
            return !at.isBefore(acquired) && (end == null || at.isBefore(end));
        }
    }

    private final List<Term> terms = new ArrayList<>();
    private int lastTransitions = -1;
    private int unseenTerms;
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

    private synchronized void seen(Lease lease) {
        var spec = lease.getSpec();
        if (spec == null || spec.getHolderIdentity() == null || spec.getAcquireTime() == null) {
            return;
        }
        Instant acquired = spec.getAcquireTime().toInstant();
        Instant renewed = spec.getRenewTime() == null ? acquired : spec.getRenewTime().toInstant();
        int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
        Term current = terms.isEmpty() ? null : terms.get(terms.size() - 1);
        if (current != null && current.holder().equals(spec.getHolderIdentity()) && current.acquired().equals(acquired)) {
            terms.set(terms.size() - 1, new Term(current.holder(), acquired, max(current.lastRenewed(), renewed), null));
            return;
        }
        if (current != null) {
            terms.set(terms.size() - 1, new Term(current.holder(), current.acquired(), current.lastRenewed(), acquired));
        }
        if (lastTransitions >= 0 && transitions > lastTransitions + 1) {
            unseenTerms += transitions - lastTransitions - 1;
        }
        lastTransitions = transitions;
        terms.add(new Term(spec.getHolderIdentity(), acquired, renewed, null));
    }

    synchronized List<Term> terms() {
        return List.copyOf(terms);
    }

    synchronized Optional<String> holder() {
        return terms.isEmpty() ? Optional.empty() : Optional.of(terms.get(terms.size() - 1).holder());
    }

    /** Terms that began and ended between two looks of the informer (their holder unknown). */
    synchronized int unseenTerms() {
        return unseenTerms;
    }

    /** Hand-overs: how many times the Lease passed to another holder. */
    synchronized int handovers() {
        return Math.max(0, terms.size() - 1);
    }

    /** The longest time from a holder's last renewal to the next holder's acquisition: how long no one acted. */
    synchronized Duration longestHandoverGap() {
        Duration longest = Duration.ZERO;
        for (int i = 1; i < terms.size(); i++) {
            Duration gap = Duration.between(terms.get(i - 1).lastRenewed(), terms.get(i).acquired());
            longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
        return longest;
    }

    /** Whether {@code holder} held the Lease at that moment, by the terms recorded. */
    synchronized boolean held(String holder, Instant at) {
        return terms.stream().anyMatch(t -> t.holder().equals(holder) && t.holds(at));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void close() {
        informer.close();
    }
}
