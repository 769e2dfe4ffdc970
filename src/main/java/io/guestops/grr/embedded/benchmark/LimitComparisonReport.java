package io.guestops.grr.embedded.benchmark;

import static io.guestops.grr.embedded.benchmark.BenchmarkReport.decimal;
import static io.guestops.grr.embedded.benchmark.BenchmarkReport.row;
import static io.guestops.grr.embedded.benchmark.BenchmarkReport.seconds;
import static io.guestops.grr.embedded.benchmark.BenchmarkReport.share;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operator side by side against a Graph whose real write limit is below the configured one
 * ({@code lowered}) and against one at the configured limit ({@code configured}); every write rate is
 * a share of the limit Graph really enforced in that run.
 */
public record LimitComparisonReport(BenchmarkPlan plan, int emulatorWritesPer150s, PhaseResult lowered, PhaseResult configured) {

    /** True when the operator reset every guest in both runs. */
    public boolean complete() {
        return lowered.resets() == plan.guests() && configured.resets() == plan.guests();
    }

    public String render() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("guests reset", lowered.resets() + "/" + plan.guests(), configured.resets() + "/" + plan.guests()));
        rows.add(row("wall time", seconds(lowered.wall()), seconds(configured.wall())));
        rows.add(row("resets/s", decimal(lowered.resetsPerSecond()), decimal(configured.resetsPerSecond())));
        rows.add(row("Graph requests per reset (budget)", decimal(lowered.requestsPerReset()), decimal(configured.requestsPerReset())));
        rows.add(row("429 answers", String.valueOf(lowered.traffic().throttled()), String.valueOf(configured.traffic().throttled())));
        rows.add(row("429 answers / requests (parts counted)", share(lowered.traffic().throttledShare()),
                share(configured.traffic().throttledShare())));
        rows.add(row("apply to Ready p50 / p95", toReady(lowered), toReady(configured)));
        rows.add(row("writes admitted", String.valueOf(lowered.traffic().writesAdmitted()),
                String.valueOf(configured.traffic().writesAdmitted())));
        rows.add(row("write rate / Graph's real ceiling", percent(lowered, emulatorWritesPer150s),
                percent(configured, plan.writesPer150s())));
        rows.add(row("sustained write rate once the bucket ran dry / ceiling", sustained(lowered, emulatorWritesPer150s),
                sustained(configured, plan.writesPer150s())));
        return header() + BenchmarkReport.table(rows, column(emulatorWritesPer150s), column(plan.writesPer150s()));
    }

    private String header() {
        return String.format(Locale.ROOT, "%nBenchmark, the operator configured for %d writes per 150 s: %d guests, %s, %d ms latency "
                        + "per round trip, operator threads %d%n%n", plan.writesPer150s(), plan.guests(),
                plan.addressChange() ? "new address then reset" : "plain reset", plan.latencyMillis(), plan.threads());
    }

    private String column(int emulatorWrites) {
        return "Graph at " + emulatorWrites + ", operator at " + plan.writesPer150s();
    }

    private static String toReady(PhaseResult phase) {
        return seconds(phase.quantileToReady(0.5)) + " / " + seconds(phase.quantileToReady(0.95));
    }

    private static String percent(PhaseResult phase, int writesPer150s) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * phase.writeBudgetShare(writesPer150s / 150.0));
    }

    private static String sustained(PhaseResult phase, int writesPer150s) {
        Double share = phase.sustainedWriteShare(writesPer150s, writesPer150s / 150.0);
        return share == null ? "- (never ran dry)" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }
}
