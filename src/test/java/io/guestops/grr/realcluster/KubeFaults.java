package io.guestops.grr.realcluster;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The faults a {@link KubeFaultProxy} injects, switched on and off while a test runs. Which request
 * gets a share-based fault is drawn from one seeded random, so a run can be repeated. Every injected
 * fault is counted, for the test's summary.
 */
public final class KubeFaults {

    /** What the proxy did instead of, or to, a request. */
    public enum Injected {
        THROTTLED_429, UNAVAILABLE_503, STATUS_CONFLICT_409, LEASE_RENEWAL_REFUSED, DELAYED, WATCH_CLOSED, REFUSED_WHILE_DOWN
    }

    /** An answer the proxy gives in the API server's place, as the API server words it (a Status). */
    record Refusal(int status, String reason, Duration retryAfter, Injected kind) {
    }

    private record ShareRule(double share, Predicate<RequestHead> matching, Refusal refusal) {
    }

    private final Random random;
    private final List<ShareRule> rules = new CopyOnWriteArrayList<>();
    private final Map<Injected, AtomicLong> counts = new EnumMap<>(Injected.class);
    private volatile Duration latency = Duration.ZERO;
    private volatile Refusal leaseRefusal;
    private volatile String refusedLease;

    KubeFaults(long seed) {
        this.random = new Random(seed);
        for (Injected kind : Injected.values()) {
            counts.put(kind, new AtomicLong());
        }
    }

    /** Answers 429 with {@code Retry-After} to {@code share} of the requests that match (watches included). */
    public KubeFaults throttle(double share, Duration retryAfter, Predicate<RequestHead> matching) {
        rules.add(new ShareRule(share, matching, new Refusal(429, "TooManyRequests", retryAfter, Injected.THROTTLED_429)));
        return this;
    }

    /** Answers 503 to {@code share} of the requests that match (watches included). */
    public KubeFaults unavailable(double share, Predicate<RequestHead> matching) {
        rules.add(new ShareRule(share, matching, new Refusal(503, "ServiceUnavailable", null, Injected.UNAVAILABLE_503)));
        return this;
    }

    /** Answers 409 Conflict to {@code share} of the writes of a status subresource (PUT or PATCH .../status). */
    public KubeFaults conflictOnStatusWrites(double share) {
        rules.add(new ShareRule(share, RequestHead::isStatusWrite, new Refusal(409, "Conflict", null, Injected.STATUS_CONFLICT_409)));
        return this;
    }

    /** Holds every request (not the bytes of a watch already open) this long before it goes to the API server. */
    public KubeFaults latency(Duration added) {
        latency = added;
        return this;
    }

    /**
     * Refuses every renewal (PUT or PATCH) of the Lease {@code name} with {@code status} (409 as if
     * another holder wrote it, or 503), until {@link #allowLeaseRenewals()}: a leader that can no
     * longer renew. Reads of the Lease still succeed.
     */
    public KubeFaults refuseLeaseRenewals(String name, int status) {
        leaseRefusal = new Refusal(status, status == 409 ? "Conflict" : "ServiceUnavailable", null, Injected.LEASE_RENEWAL_REFUSED);
        refusedLease = name;
        return this;
    }

    public KubeFaults allowLeaseRenewals() {
        refusedLease = null;
        return this;
    }

    /** Switches every fault off (the counts stay). */
    public KubeFaults clear() {
        rules.clear();
        latency = Duration.ZERO;
        refusedLease = null;
        return this;
    }

    /** How many of each fault the proxy injected so far. */
    public Map<Injected, Long> injected() {
        Map<Injected, Long> snapshot = new EnumMap<>(Injected.class);
        counts.forEach((kind, count) -> snapshot.put(kind, count.get()));
        return snapshot;
    }

    public long injected(Injected kind) {
        return counts.get(kind).get();
    }

    void count(Injected kind) {
        counts.get(kind).incrementAndGet();
    }

    Duration latency() {
        return latency;
    }

    /** The answer to give instead of forwarding the request, if a fault is due; counted. */
    Optional<Refusal> refusalFor(RequestHead head) {
        String lease = refusedLease;
        if (lease != null && head.isLeaseWrite(lease)) {
            count(leaseRefusal.kind());
            return Optional.of(leaseRefusal);
        }
        for (ShareRule rule : rules) {
            if (rule.matching().test(head) && draw() < rule.share()) {
                count(rule.refusal().kind());
                return Optional.of(rule.refusal());
            }
        }
        return Optional.empty();
    }

    private double draw() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
