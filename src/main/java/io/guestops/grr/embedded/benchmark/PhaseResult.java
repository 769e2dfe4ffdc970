package io.guestops.grr.embedded.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * One contender's run: how many guests it reset and how long it took, what it asked of Graph, the
 * apply-to-Ready times (the operator only), and the process's CPU time and heap.
 */
record PhaseResult(String name, int resets, Duration wall, GraphTraffic traffic, List<Duration> timesToReady,
                   Duration cpuTime, long heapBytes) {

    double resetsPerSecond() {
        return resets / Math.max(0.001, wall.toMillis() / 1000.0);
    }

    double roundTripsPerReset() {
        return traffic.roundTrips() / (double) Math.max(1, resets);
    }

    /** Writes Graph admitted (its write limit counts these), per reset. */
    double writesPerReset() {
        return traffic.writesAdmitted() / (double) Math.max(1, resets);
    }

    /** Requests Graph counts against the budget (each part of a batch), per reset. */
    double requestsPerReset() {
        return traffic.requests() / (double) Math.max(1, resets);
    }

    /** The write rate as a share of the sustained ceiling (writes per 150 s spread evenly). */
    double writeBudgetShare(double ceilingPerSecond) {
        return traffic.writesAdmitted() / Math.max(0.001, wall.toMillis() / 1000.0) / ceilingPerSecond;
    }

    /**
     * The write rate once Graph's write bucket ({@code capacity} writes, refilled at the ceiling)
     * first ran dry, as a share of the ceiling; null when it never did.
     */
    Double sustainedWriteShare(int capacity, double ceilingPerSecond) {
        Double rate = traffic.sustainedWriteRate(capacity, ceilingPerSecond);
        return rate == null ? null : rate / ceilingPerSecond;
    }

    /** The q-quantile (0..1) of the apply-to-Ready times, or null without any. */
    Duration quantileToReady(double q) {
        if (timesToReady.isEmpty()) {
            return null;
        }
        List<Duration> sorted = timesToReady.stream().sorted().toList();
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
