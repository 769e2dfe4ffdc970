package io.guestops.grr.embedded.inventory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * What a restart in front of a settled inventory cost.
 *
 * @param resources     settled resources in the cluster
 * @param toAll         from the operator's start to the end of the first reconcile of the last resource
 * @param toQuiet       from the start until no pass runs and Graph hears nothing more
 * @param passes        reconcile passes in all (a resource that waited for the delta watch's first round passes twice)
 * @param failedPasses  passes that threw
 * @param graphReads    Graph requests that read, during the restart
 * @param graphWrites   Graph requests that wrote, during the restart (must be zero)
 * @param heapBytes     heap in use after the restart, after garbage collection (the whole process)
 */
public record InventoryReport(int resources, Duration toAll, Duration toQuiet, long passes, int failedPasses, long graphReads,
                              long graphWrites, long heapBytes) {

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%-10s %-14s %-22s %-18s %-8s %-12s %-12s%n", "RESOURCES", "HEAP AFTER GC",
                "FIRST RECONCILE OF ALL", "RESTART QUIET", "PASSES", "GRAPH READS", "GRAPH WRITES");
        out.printf(Locale.ROOT, "%-10d %-14s %-22s %-18s %-8d %-12d %-12d%n", resources,
                String.format(Locale.ROOT, "%.0f MiB", heapBytes / (1024.0 * 1024.0)), seconds(toAll), seconds(toQuiet), passes,
                graphReads, graphWrites);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
