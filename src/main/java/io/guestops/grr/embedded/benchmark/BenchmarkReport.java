package io.guestops.grr.embedded.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The benchmark's table: the serial loop and the operator side by side, per reset where it matters. */
public record BenchmarkReport(BenchmarkPlan plan, PhaseResult serial, PhaseResult operator) {

    /** Operator resets per second over the serial loop's. */
    public double speedUp() {
        return operator.resetsPerSecond() / Math.max(1e-9, serial.resetsPerSecond());
    }

    /** True when both contenders reset every guest. */
    public boolean complete() {
        return serial.resets() == plan.guests() && operator.resets() == plan.guests();
    }

    public double operatorRoundTripsPerReset() {
        return operator.roundTripsPerReset();
    }

    public long operatorThrottled() {
        return operator.traffic().throttled();
    }

    public String render() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("guests reset", serial.resets() + "/" + plan.guests(), operator.resets() + "/" + plan.guests()));
        rows.add(row("wall time", seconds(serial.wall()), seconds(operator.wall())));
        rows.add(row("resets/s", decimal(serial.resetsPerSecond()), decimal(operator.resetsPerSecond())));
        rows.add(row("operator / serial", "", String.format(Locale.ROOT, "%.1fx", speedUp())));
        rows.add(row("Graph round trips per reset", decimal(serial.roundTripsPerReset()), decimal(operator.roundTripsPerReset())));
        rows.add(row("Graph writes per reset (admitted)", decimal(serial.writesPerReset()), decimal(operator.writesPerReset())));
        rows.add(row("Graph requests per reset (budget; by route:)", decimal(serial.requestsPerReset()), decimal(operator.requestsPerReset())));
        TreeSet<String> routes = new TreeSet<>(serial.traffic().requestsByRoute().keySet());
        routes.addAll(operator.traffic().requestsByRoute().keySet());
        for (String route : routes) {
            rows.add(row("  " + route, perReset(serial, route), perReset(operator, route)));
        }
        rows.add(row("429 answers", String.valueOf(serial.traffic().throttled()), String.valueOf(operator.traffic().throttled())));
        rows.add(row("429 answers / requests (parts counted)", share(serial.traffic().throttledShare()),
                share(operator.traffic().throttledShare())));
        rows.add(row("apply to Ready p50 / p95", "-", seconds(operator.quantileToReady(0.5)) + " / "
                + seconds(operator.quantileToReady(0.95))));
        rows.add(row("writes admitted", String.valueOf(serial.traffic().writesAdmitted()),
                String.valueOf(operator.traffic().writesAdmitted())));
        rows.add(row("write rate / ceiling (" + plan.writesPer150s() + " per 150 s)", percent(serial), percent(operator)));
        rows.add(row("sustained write rate once the bucket ran dry / ceiling", sustained(serial), sustained(operator)));
        rows.add(row("CPU time (whole process)", seconds(serial.cpuTime()), seconds(operator.cpuTime())));
        rows.add(row("heap after run (whole process)", megabytes(serial.heapBytes()), megabytes(operator.heapBytes())));
        return header() + table(rows, "serial loop", "operator");
    }

    private String header() {
        return String.format(Locale.ROOT, "%nBenchmark: %d guests, %s, %d ms latency per round trip, write limit %d per 150 s, "
                        + "operator threads %d, Entra ledger copy %s%n%n", plan.guests(),
                plan.addressChange() ? "new address then reset" : "plain reset", plan.latencyMillis(), plan.writesPer150s(),
                plan.threads(), plan.entraLedgerCopy() ? "on" : "off");
    }

    /** Rows of a label and two columns, aligned under the two headings. */
    static String table(List<String[]> rows, String firstHeading, String secondHeading) {
        int first = "".length();
        int second = firstHeading.length();
        for (String[] r : rows) {
            first = Math.max(first, r[0].length());
            second = Math.max(second, r[1].length());
        }
        String format = "%-" + first + "s  %-" + second + "s  %s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format, "", firstHeading, secondHeading));
        rows.forEach(r -> out.append(String.format(Locale.ROOT, format, (Object[]) r)));
        return out.toString();
    }

    static String[] row(String label, String serial, String operator) {
        return new String[] {label, serial, operator};
    }

    private static String perReset(PhaseResult phase, String route) {
        return decimal(phase.traffic().requests(route) / (double) Math.max(1, phase.resets()));
    }

    private String percent(PhaseResult phase) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * phase.writeBudgetShare(plan.writeCeilingPerSecond()));
    }

    /** The write rate once Graph's write bucket first ran dry; "-" when it never did (not throttle-bound). */
    private String sustained(PhaseResult phase) {
        Double share = phase.sustainedWriteShare(plan.writesPer150s(), plan.writeCeilingPerSecond());
        return share == null ? "- (never ran dry)" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }

    static String share(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String seconds(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }
}
