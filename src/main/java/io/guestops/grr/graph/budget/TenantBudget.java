package io.guestops.grr.graph.budget;

import io.guestops.grr.graph.gateway.BudgetPass;
import io.guestops.grr.graph.gateway.GraphBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * The client-side mirror of Graph's budget for one (application, tenant), and the gate passes go
 * through before their Graph work.
 *
 * <ul>
 *   <li>Two buckets mirror Graph's: writes per 150 s and resource units per 10 s, starting full as
 *       Graph's do. Every request is charged when it is sent ({@link #sent}), each part of a
 *       {@code $batch} on its own; a request Graph refused (429, 503, 504) is given back.</li>
 *   <li>A pass that may write enters only when a write is left beyond those held by passes already
 *       in Graph; it holds one until it ends. A pass that ends without writing gives it back, one that
 *       wrote has been charged for the write itself: the hold never counts twice.</li>
 *   <li>Graph's answers correct the mirror: {@code x-ms-throttle-limit-percentage} p caps what is
 *       left at (1 - p) of the bucket (Graph reports tenths, rounded down, so this never undercuts
 *       Graph's own count when the operator alone uses the bucket; it catches up when another client
 *       shares it). A 429 from the bucket itself empties the mirror of the bucket it names and pauses
 *       the whole tenant until its {@code Retry-After}. When its scope is the tenant's or the
 *       application's budget, that budget is smaller than configured (other applications share it):
 *       the bucket it names is paced lower from then on and probes back up ({@link LearnedRate}); a
 *       percentage far above what the operator's own charges explain teaches the same before any 429.</li>
 *   <li>How many passes may be in Graph at once adapts ({@link AdaptiveConcurrency}).</li>
 *   <li>Refused passes are given appointments spaced by the refill interval (writes) or by the
 *       pass rate (places), plus jitter, so waiters come back one by one instead of all at once.</li>
 * </ul>
 * Thread-safe; every method is short and never blocks.
 */
public final class TenantBudget implements GraphBudget {

    /** Resource units a pass is expected to need (a batch of three reads and one write). */
    static final int PASS_RESOURCE_UNITS = 4;
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration WRITE_PERIOD = Duration.ofSeconds(150);
    private static final Duration RU_PERIOD = Duration.ofSeconds(10);
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(20);
    private static final double JITTER = 0.2;
    /** How much fuller than its mirror Graph must call a bucket before it is taken for smaller (Graph reports tenths). */
    private static final double UNEXPLAINED_USAGE = 0.2;
    private static final double SAMPLE_FOR_USAGE = 0.05;

    private final Clock clock;
    private final DoubleSupplier random;
    private final MirrorBucket writes;
    private final MirrorBucket resourceUnits;
    private final LearnedRate writeRate;
    private final LearnedRate resourceUnitRate;
    private final ConsumptionWindow writesAdmitted = new ConsumptionWindow(WRITE_PERIOD);
    private final ConsumptionWindow unitsAdmitted = new ConsumptionWindow(RU_PERIOD);
    private final AdaptiveConcurrency concurrency = new AdaptiveConcurrency();
    private int inGraph;
    private int heldWrites;
    private Instant pausedUntil = Instant.MIN;
    private Instant writeQueueEnd = Instant.MIN;
    private Instant placeQueueEnd = Instant.MIN;
    /** A moving average of how long a pass stays in Graph, to space waiters for a place. */
    private Duration passDuration = Duration.ofMillis(200);

    TenantBudget(BudgetLimits limits, Clock clock, DoubleSupplier random) {
        this.clock = clock;
        this.random = random;
        Instant now = clock.instant();
        this.writes = new MirrorBucket(limits.writesPer150s(), WRITE_PERIOD, now);
        this.resourceUnits = new MirrorBucket(limits.ruPer10s(), RU_PERIOD, now);
        this.writeRate = new LearnedRate(limits.writesPer150s());
        this.resourceUnitRate = new LearnedRate(limits.ruPer10s());
    }

    @Override
    public synchronized BudgetPass enter(boolean mayWrite) {
        Instant now = clock.instant();
        pace(now);
        if (now.isBefore(pausedUntil)) {
            return refused(queueForPlace(pausedUntil, now), now);
        }
        if (inGraph >= concurrency.limit()) {
            return refused(queueForPlace(now.plus(spacingForPlace()), now), now);
        }
        Duration forUnits = resourceUnits.timeUntil(PASS_RESOURCE_UNITS, 0, now);
        if (!forUnits.isZero()) {
            return refused(queueForPlace(now.plus(forUnits), now), now);
        }
        if (mayWrite) {
            Duration forWrite = writes.timeUntil(1, heldWrites, now);
            if (!forWrite.isZero()) {
                return refused(queueForWrite(now.plus(forWrite)), now);
            }
            heldWrites++;
        }
        inGraph++;
        return BudgetPass.admitted(() -> leave(mayWrite, now));
    }

    private synchronized void leave(boolean heldWrite, Instant entered) {
        inGraph--;
        if (heldWrite) {
            heldWrites--;
        }
        Duration took = Duration.between(entered, clock.instant());
        passDuration = passDuration.multipliedBy(7).plus(took).dividedBy(8);
    }

    /** A request is on its way to Graph: charge what Graph will charge. */
    synchronized void sent(ExchangeCost cost) {
        Instant now = clock.instant();
        resourceUnits.take(cost.resourceUnits(), now);
        writes.take(cost.writes(), now);
        unitsAdmitted.add(cost.resourceUnits(), now);
        writesAdmitted.add(cost.writes(), now);
    }

    /** Graph answered a request (or a part of a batch). */
    synchronized void answered(ExchangeAnswer answer) {
        Instant now = clock.instant();
        if (answer.status() == 429 || answer.status() == 503 || answer.status() == 504) {
            // Graph refused it before acting: it was not charged there either.
            resourceUnits.take(-answer.cost().resourceUnits(), now);
            writes.take(-answer.cost().writes(), now);
            unitsAdmitted.add(-answer.cost().resourceUnits(), now);
            writesAdmitted.add(-answer.cost().writes(), now);
        }
        if (answer.isSharedBudgetThrottle()) {
            learnFrom(answer, now);
        }
        if (answer.limitPercentage() != null) {
            learnFromUsage(answer.limitPercentage(), answer.cost(), now);
        }
        pace(now);
        if (answer.limitPercentage() != null) {
            syncTo(answer.limitPercentage(), answer.cost(), now);
        }
        if (answer.isBucketThrottle()) {
            pause(answer, now);
        }
        if (answer.isPushBack()) {
            concurrency.pushedBack(now);
        } else {
            concurrency.answered();
        }
    }

    /** Caps the mirror (paced to what was learned) by Graph's own count, in the bucket the percentage can be about. */
    private void syncTo(double used, ExchangeCost cost, Instant now) {
        double left = Math.max(0, 1 - used);
        if (cost.writes() == 0) {
            resourceUnits.atMost(left, now);
            return;
        }
        // Graph reports the fuller of the buckets a write touched; a bucket the other one explains is left alone.
        boolean unitsExplainIt = resourceUnits.usedFraction(now) >= used;
        boolean writesExplainIt = writes.usedFraction(now) >= used;
        if (!unitsExplainIt) {
            writes.atMost(left, now);
        }
        if (!writesExplainIt) {
            resourceUnits.atMost(left, now);
        }
    }

    /** The bucket Graph named is smaller than configured: pace it to what Graph admitted. */
    private void learnFrom(ExchangeAnswer answer, Instant now) {
        if (!namesOnlyResourceUnits(answer)) {
            writeRate.throttled(writesAdmitted.consumed(now), now);
        }
        if (!namesOnlyWrites(answer)) {
            resourceUnitRate.throttled(unitsAdmitted.consumed(now), now);
        }
    }

    /**
     * Graph says a bucket is far fuller than the operator's own charges explain: something else
     * spends it, or it is smaller than configured. Learned before the first 429, so the requests
     * already in Graph when it would come (and the SDK's retries of them) are not refused too. Graph
     * reports the fuller bucket a write touched, so a write teaches the write bucket only when
     * neither mirror explains it; a read teaches the resource units.
     */
    private void learnFromUsage(double used, ExchangeCost cost, Instant now) {
        double unexplained = used - UNEXPLAINED_USAGE;
        if (cost.writes() == 0) {
            if (resourceUnits.usedFraction(now) < unexplained) {
                learnCapacity(resourceUnitRate, unitsAdmitted.consumed(now), used, now);
            }
        } else if (resourceUnits.usedFraction(now) < unexplained && writes.usedFraction(now) < unexplained) {
            learnCapacity(writeRate, writesAdmitted.consumed(now), used, now);
        }
    }

    /**
     * What the operator spent over the period is at least {@code used} of the real bucket, so the
     * bucket holds at least {@code consumed / used} for it. Taken only from a sample worth a
     * {@link #SAMPLE_FOR_USAGE} of the pace: a few requests next to another client's burst say
     * nothing of the bucket (the cap of {@link #syncTo} still applies).
     */
    private void learnCapacity(LearnedRate rate, double consumed, double used, Instant now) {
        if (consumed >= SAMPLE_FOR_USAGE * rate.current(now)) {
            rate.throttled(consumed / used, now);
        }
    }

    private void pace(Instant now) {
        writes.paceTo(writeRate.current(now), now);
        resourceUnits.paceTo(resourceUnitRate.current(now), now);
    }

    private static boolean namesOnlyResourceUnits(ExchangeAnswer answer) {
        return answer.throttleInformation() != null && answer.throttleInformation().startsWith("ResourceUnit");
    }

    private static boolean namesOnlyWrites(ExchangeAnswer answer) {
        return answer.throttleInformation() != null && answer.throttleInformation().startsWith("Write");
    }

    private void pause(ExchangeAnswer answer, Instant now) {
        Duration wait = answer.retryAfter() == null ? DEFAULT_RETRY_AFTER : answer.retryAfter();
        Instant until = now.plus(wait);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
        if (!namesOnlyResourceUnits(answer)) {
            writes.empty(now);
        }
        if (!namesOnlyWrites(answer)) {
            resourceUnits.empty(now);
        }
    }

    private Duration spacingForPlace() {
        return passDuration.dividedBy(Math.max(1, concurrency.limit()));
    }

    /** The next free appointment for a place, no earlier than {@code earliest}. */
    private Instant queueForPlace(Instant earliest, Instant now) {
        Instant next = placeQueueEnd.isBefore(now) ? earliest : later(earliest, placeQueueEnd.plus(spacingForPlace()));
        placeQueueEnd = next;
        return next;
    }

    /** The next free appointment for a write: one refill interval after the previous one. */
    private Instant queueForWrite(Instant earliest) {
        Instant next = later(earliest, writeQueueEnd.plus(writes.refillInterval()));
        writeQueueEnd = next;
        return next;
    }

    private BudgetPass refused(Instant appointment, Instant now) {
        Duration wait = Duration.between(now, appointment);
        long jittered = (long) (wait.toNanos() * (1 + JITTER * random.getAsDouble()));
        return BudgetPass.refused(later(Duration.ofNanos(jittered), SHORTEST_WAIT));
    }

    /** For tests and the benchmark: passes currently in Graph, and the current concurrency limit. */
    synchronized int inGraph() {
        return inGraph;
    }

    synchronized int concurrencyLimit() {
        return concurrency.limit();
    }

    /** The write capacity per 150 s the tenant is paced to now: the configured one, or lower when learned. */
    public synchronized double pacedWritesPer150s() {
        return writeRate.current(clock.instant());
    }

    /** The resource-unit capacity per 10 s the tenant is paced to now. */
    public synchronized double pacedResourceUnitsPer10s() {
        return resourceUnitRate.current(clock.instant());
    }

    public synchronized double writesLeft() {
        return writes.available(clock.instant());
    }

    public synchronized double resourceUnitsLeft() {
        return resourceUnits.available(clock.instant());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration later(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
