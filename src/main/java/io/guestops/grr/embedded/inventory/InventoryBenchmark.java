package io.guestops.grr.embedded.inventory;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.kube.OperatorSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * `benchmark --inventory N`: N settled resources on the embedded Kubernetes, the emulator's guests
 * as their resets left them, then an operator start timed to the first reconcile of all and to
 * quiet, with the heap after it and what Graph saw. Prints progress, then the table.
 */
public final class InventoryBenchmark {

    private final PrintStream out;
    private final long started = System.nanoTime();

    public InventoryBenchmark(PrintStream out) {
        this.out = out;
    }

    /** Returns the report; throws when the restart did not finish within {@code timeout}. */
    public InventoryReport run(int resources, long latencyMillis, int threads, Path examplesSeed, Duration timeout)
            throws InterruptedException, TimeoutException {
        List<SettledInventory.Guest> guests = SettledInventory.guests(resources);
        OperatorSettings settings = OperatorSettings.builder().threads(threads).build();
        step("Starting embedded Kubernetes and the Graph emulator (" + latencyMillis + " ms latency per round trip) with "
                + resources + " guests");
        try (DevEnvironment environment = DevEnvironment.withEmulator(SettledInventory.seed(examplesSeed, guests),
                options -> options.networkLatency(Duration.ofMillis(latencyMillis)))) {
            InventoryRestart restart = new InventoryRestart(environment, settings);
            step("Restoring " + resources + " settled resources");
            Duration seeding = restart.seed(guests, done -> step("    " + done + "/" + resources + " resources in place"));
            step(String.format(Locale.ROOT, "Seeded in %.1f s; starting the operator (%d threads)", seeding.toMillis() / 1000.0,
                    threads));
            InventoryReport report = restart.restart(resources, timeout, this::step);
            step("Done");
            return report;
        }
    }

    private void step(String what) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
