package io.guestops.grr.embedded.benchmark;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.graph.budget.BudgetLimits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * One benchmark run in one process: the embedded Kubernetes and the Graph emulator (latency on
 * every request, Graph's throttling model), the serial loop on N guests, the directory restored,
 * then the operator on the same N guests. Prints progress while it runs and returns the report.
 */
public final class Benchmark {

    private final BenchmarkPlan plan;
    private final Path examplesSeed;
    private final PrintStream out;
    private final long started = System.nanoTime();

    public Benchmark(BenchmarkPlan plan, Path examplesSeed, PrintStream out) {
        this.plan = plan;
        this.examplesSeed = examplesSeed;
        this.out = out;
    }

    public BenchmarkReport run() throws InterruptedException {
        List<BenchmarkSeed.Guest> guests = BenchmarkSeed.guests(plan);
        BenchmarkSeed.Guest warmUp = BenchmarkSeed.warmUp(plan);
        Seed seed = BenchmarkSeed.seed(examplesSeed, concat(guests, warmUp));
        try (DevEnvironment environment = start(seed, plan.writesPer150s())) {
            step("Serial loop on " + guests.size() + " guests (GET user" + (plan.addressChange() ? ", PATCH" : "") + ", POST reset)");
            PhaseResult serial = SerialBaseline.run(environment.emulator(), environment.graphConnection(), warmUp, guests,
                    progress("serial loop"));
            environment.emulator().reset(seed);
            step("Operator on " + guests.size() + " guests (" + plan.threads() + " threads)");
            PhaseResult operator = OperatorPhase.run(environment, plan, warmUp, guests, timeout(), progress("operator"));
            step("Done");
            return new BenchmarkReport(plan, serial, operator);
        }
    }

    /**
     * The operator alone, twice in one run on the same guests: against an emulator whose write limit
     * ({@code emulatorWritesPer150s}) is below the one the operator is configured with (the plan's,
     * Graph's 3,000 by default), as in a tenant whose budget other applications share; then with
     * both at the configured limit.
     */
    public LimitComparisonReport compareLimits(int emulatorWritesPer150s) throws InterruptedException {
        List<BenchmarkSeed.Guest> guests = BenchmarkSeed.guests(plan);
        BenchmarkSeed.Guest warmUp = BenchmarkSeed.warmUp(plan);
        Seed seed = BenchmarkSeed.seed(examplesSeed, concat(guests, warmUp));
        PhaseResult lowered = operatorAgainst(seed, emulatorWritesPer150s, warmUp, guests);
        PhaseResult configured = operatorAgainst(seed, plan.writesPer150s(), warmUp, guests);
        step("Done");
        return new LimitComparisonReport(plan, emulatorWritesPer150s, lowered, configured);
    }

    private PhaseResult operatorAgainst(Seed seed, int emulatorWritesPer150s, BenchmarkSeed.Guest warmUp,
                                        List<BenchmarkSeed.Guest> guests) throws InterruptedException {
        try (DevEnvironment environment = start(seed, emulatorWritesPer150s)) {
            BudgetLimits configured = new BudgetLimits(plan.writesPer150s(), environment.budgetLimits().ruPer10s());
            step("Operator on " + guests.size() + " guests (" + plan.threads() + " threads), configured for " + plan.writesPer150s()
                    + " writes per 150 s");
            return OperatorPhase.run(environment, plan, configured, warmUp, guests, timeout(),
                    progress("operator, emulator at " + emulatorWritesPer150s));
        }
    }

    private DevEnvironment start(Seed seed, int emulatorWritesPer150s) {
        step("Starting embedded Kubernetes and the Graph emulator (" + plan.latencyMillis() + " ms latency per round trip, "
                + emulatorWritesPer150s + " writes per 150 s)");
        return DevEnvironment.withEmulator(seed, options -> options
                .throttling(ThrottleLimits.graphDefaults().withWritesPer150s(emulatorWritesPer150s))
                .networkLatency(Duration.ofMillis(plan.latencyMillis())));
    }

    private static List<BenchmarkSeed.Guest> concat(List<BenchmarkSeed.Guest> guests, BenchmarkSeed.Guest warmUp) {
        List<BenchmarkSeed.Guest> all = new ArrayList<>(guests);
        all.add(warmUp);
        return all;
    }

    /** Generous: ten times what the serial loop needs with three calls per guest, at least two minutes. */
    private Duration timeout() {
        long serialEstimate = plan.guests() * 3L * Math.max(20, plan.latencyMillis());
        return Duration.ofMillis(Math.max(Duration.ofMinutes(2).toMillis(), serialEstimate * 10));
    }

    /** A line whenever another tenth of the guests is done, so a long run shows it is alive. */
    private IntConsumer progress(String who) {
        int step = Math.max(1, plan.guests() / 10);
        int[] lastShown = {0};
        return done -> {
            if (done >= lastShown[0] + step || (done == plan.guests() && lastShown[0] < done)) {
                lastShown[0] = done;
                out.printf(Locale.ROOT, "%s    %s: %d/%d guests reset%n", stamp(), who, done, plan.guests());
            }
        };
    }

    private void step(String what) {
        out.println(stamp() + what);
    }

    private String stamp() {
        return String.format(Locale.ROOT, "[%6.1fs] ", (System.nanoTime() - started) / 1e9);
    }
}
