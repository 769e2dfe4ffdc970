package io.guestops.grr.cli;

import io.guestops.grr.embedded.benchmark.Benchmark;
import io.guestops.grr.embedded.benchmark.BenchmarkPlan;
import io.guestops.grr.embedded.benchmark.BenchmarkReport;
import io.guestops.grr.embedded.benchmark.LimitComparisonReport;
import io.guestops.grr.embedded.inventory.InventoryBenchmark;
import io.guestops.grr.embedded.inventory.InventoryReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * `benchmark`: the serial loop an admin's script runs and the operator, on the same guests against
 * the Graph emulator (latency and Graph's throttling model), in one process; prints a table.
 * Dev-only, like `dev`: not in the runtime jar.
 */
final class BenchmarkCommand {

    static final String USAGE = """
            Usage: benchmark [options]
              --guests N            guests each contender resets (default 200)
              --latency-ms N        network latency per round trip to the emulator (default 100)
              --writes-per-150s N   the emulator's write limit per app and tenant (default 3000, Graph's);
                                    lower it to make the run throttle-bound. The operator is configured
                                    with the same limit, unless:
              --emulator-writes-per-150s N
                                    instead: the operator alone, twice, side by side: the emulator at N
                                    writes per 150 s with the operator configured for --writes-per-150s
                                    (a tenant whose budget other applications share), then both at
                                    --writes-per-150s
              --threads N           the operator's reconcile threads (default 32, the operator's default)
              --plain-reset         reset to the current mail (no address change)
              --entra-ledger-copy   the operator also notes each request on the guest in Entra ID, as
                                    run --entra-ledger-copy does (what that copy costs)
              --seed FILE           tenant and application (default examples/emulator/seed.yaml)
              --inventory N         instead: N settled resources, then an operator start timed to the
                                    first reconcile of all; heap after it, Graph reads and writes
            Prints progress, then the table; exit 0 when both reset every guest (with --inventory:
            when the restart wrote nothing to Graph), 1 otherwise.
            """;

    private static final Set<String> VALUED = Set.of("guests", "latency-ms", "writes-per-150s", "emulator-writes-per-150s", "threads",
            "seed", "inventory");
    private static final Set<String> FLAGS = Set.of("plain-reset", "entra-ledger-copy");

    private BenchmarkCommand() {
    }

    static int run(String[] argv) throws InterruptedException {
        Arguments args = Arguments.parse(argv, VALUED, FLAGS);
        BenchmarkPlan defaults = BenchmarkPlan.defaults();
        BenchmarkPlan plan = new BenchmarkPlan(args.intValue("guests", defaults.guests(), 1, 99_999),
                args.intValue("latency-ms", (int) defaults.latencyMillis(), 0, 60_000),
                args.intValue("writes-per-150s", defaults.writesPer150s(), 1, 1_000_000),
                args.intValue("threads", defaults.threads(), 1, 500), !args.flag("plain-reset"), args.flag("entra-ledger-copy"));
        Path seed = Path.of(args.value("seed", "examples/emulator/seed.yaml"));
        if (!Files.isReadable(seed)) {
            throw new Arguments.UsageError("--seed: cannot read " + seed);
        }
        if (args.value("inventory", null) != null) {
            return inventory(args.intValue("inventory", 10_000, 1, 99_999), plan, seed);
        }
        if (args.value("emulator-writes-per-150s", null) != null) {
            LimitComparisonReport report = new Benchmark(plan, seed, System.out)
                    .compareLimits(args.intValue("emulator-writes-per-150s", plan.writesPer150s(), 1, 1_000_000));
            System.out.print(report.render());
            return report.complete() ? 0 : 1;
        }
        BenchmarkReport report = new Benchmark(plan, seed, System.out).run();
        System.out.print(report.render());
        return report.complete() ? 0 : 1;
    }

    private static int inventory(int resources, BenchmarkPlan plan, Path seed) throws InterruptedException {
        try {
            InventoryReport report = new InventoryBenchmark(System.out).run(resources, plan.latencyMillis(), plan.threads(), seed,
                    Duration.ofMinutes(30));
            report.print(System.out);
            return report.graphWrites() == 0 && report.failedPasses() == 0 ? 0 : 1;
        } catch (TimeoutException e) {
            System.out.println("The restart did not finish: " + e.getMessage());
            return 1;
        }
    }
}
