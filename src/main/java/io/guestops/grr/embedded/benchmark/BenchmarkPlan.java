package io.guestops.grr.embedded.benchmark;

import io.guestops.grr.kube.OperatorSettings;

/**
 * What one benchmark run measures.
 *
 * @param guests         guests reset by each contender (the serial loop and the operator)
 * @param latencyMillis  network latency the emulator adds to every round trip (token requests included;
 *                       a {@code $batch} is one round trip)
 * @param writesPer150s  the emulator's write limit per application and tenant (Graph's is 3,000);
 *                       lower it to make the run throttle-bound
 * @param threads        the operator's reconcile threads
 * @param addressChange  true: each guest moves to a new address (PATCH, then reset), the shape of
 *                       the examples; false: a plain reset to the current mail
 * @param entraLedgerCopy whether the operator also notes each request on the guest in Entra ID
 *                       ({@code run --entra-ledger-copy}), to measure what that copy costs
 */
public record BenchmarkPlan(int guests, long latencyMillis, int writesPer150s, int threads, boolean addressChange,
                            boolean entraLedgerCopy) {

    /** Graph's documented write limit per application and tenant. */
    public static final int GRAPH_WRITES_PER_150S = 3_000;

    public BenchmarkPlan {
        if (guests < 1 || guests > 99_999) {
            throw new IllegalArgumentException("guests must be between 1 and 99999");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latency cannot be negative");
        }
        if (writesPer150s < 1 || threads < 1) {
            throw new IllegalArgumentException("the write limit and the thread count must be positive");
        }
    }

    /** 200 guests, 100 ms latency, Graph's write limit, the operator's default threads, new addresses. */
    public static BenchmarkPlan defaults() {
        return new BenchmarkPlan(200, 100, GRAPH_WRITES_PER_150S, OperatorSettings.DEFAULT_THREADS, true, false);
    }

    /** The sustained write ceiling, writes per second. */
    double writeCeilingPerSecond() {
        return writesPer150s / 150.0;
    }
}
