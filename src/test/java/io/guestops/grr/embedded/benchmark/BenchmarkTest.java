package io.guestops.grr.embedded.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.kube.OperatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark at CI size (20 guests, 10 ms latency): it keeps working and its table is sane. No
 * timing is asserted (the machine decides those); what is asserted holds on any machine.
 */
class BenchmarkTest {

    private static final int GUESTS = 20;

    @Test
    void bothContendersResetEveryGuestAndTheTableSaysWhatEachCost() throws InterruptedException {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchmarkPlan plan = new BenchmarkPlan(GUESTS, 10, BenchmarkPlan.GRAPH_WRITES_PER_150S, OperatorSettings.DEFAULT_THREADS, true, false);

        BenchmarkReport report = new Benchmark(plan, Path.of("examples/emulator/seed.yaml"),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        String table = report.render();
        System.out.println(table);

        assertThat(report.complete()).as("both reset all %d guests", GUESTS).isTrue();
        assertThat(report.serial().roundTripsPerReset()).as("the serial loop: GET, PATCH, POST").isEqualTo(3.0);
        assertThat(report.operatorRoundTripsPerReset()).as("the operator: two passes, each one $batch of reads and one write")
                .isLessThanOrEqualTo(4.0);
        assertThat(report.operator().traffic().requests("POST /v1.0/invitations")).as("one reset per guest").isEqualTo(GUESTS);
        assertThat(report.operator().traffic().requests("PATCH /v1.0/users/{id}")).as("one PATCH per guest").isEqualTo(GUESTS);
        assertThat(report.operator().traffic().writesAdmitted()).isEqualTo(2L * GUESTS);
        assertThat(report.operatorThrottled()).as("no 429 far below the limit").isZero();
        assertThat(report.operator().timesToReady()).hasSize(GUESTS).allSatisfy(t -> assertThat(t).isPositive());
        assertThat(report.speedUp()).isPositive();
        assertThat(table).contains("resets/s", "operator / serial", "Graph round trips per reset", "429 answers",
                "apply to Ready p50 / p95", "write rate / ceiling", "CPU time", "heap after run");
        assertThat(table).as("40 writes never empty a bucket of 3,000: no sustained rate is claimed")
                .containsPattern("sustained write rate once the bucket ran dry / ceiling\\s+- \\(never ran dry\\)\\s+- \\(never ran dry\\)")
                .containsPattern("429 answers / requests \\(parts counted\\)\\s+0\\.00 %\\s+0\\.00 %");
        assertThat(progress.toString(StandardCharsets.UTF_8)).as("progress while it runs")
                .contains("serial loop: " + GUESTS + "/" + GUESTS + " guests reset")
                .contains("operator: " + GUESTS + "/" + GUESTS + " guests reset");
    }

    /** With the Entra copy of the ledger (--entra-ledger-copy), each reset costs one more write: the note on the guest. */
    @Test
    void withTheEntraCopyEachResetAlsoNotesTheRequestOnTheGuest() throws InterruptedException {
        BenchmarkPlan plan = new BenchmarkPlan(GUESTS, 10, BenchmarkPlan.GRAPH_WRITES_PER_150S, OperatorSettings.DEFAULT_THREADS, true, true);

        BenchmarkReport report = new Benchmark(plan, Path.of("examples/emulator/seed.yaml"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();

        assertThat(report.complete()).isTrue();
        assertThat(report.operator().traffic().requests("POST /v1.0/users/{id}/extensions")).as("one note per reset").isEqualTo(GUESTS);
        assertThat(report.operator().traffic().requests("POST /v1.0/invitations")).isEqualTo(GUESTS);
        assertThat(report.operator().writesPerReset()).isEqualTo(3.0);
        assertThat(report.render()).contains("Entra ledger copy on", "Graph writes per reset (admitted)");
    }

    /** The side-by-side run's table (its figures are docs/benchmark.md's: a real limit far below 40 writes would take minutes). */
    @Test
    void theOperatorIsMeasuredAgainstALowerRealLimitAndTheConfiguredOneSideBySide() throws InterruptedException {
        BenchmarkPlan plan = new BenchmarkPlan(GUESTS, 10, BenchmarkPlan.GRAPH_WRITES_PER_150S, OperatorSettings.DEFAULT_THREADS, true, false);

        LimitComparisonReport report = new Benchmark(plan, Path.of("examples/emulator/seed.yaml"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).compareLimits(1_000);
        String table = report.render();
        System.out.println(table);

        assertThat(report.complete()).isTrue();
        assertThat(report.lowered().traffic().writesAdmitted()).isEqualTo(2L * GUESTS);
        assertThat(report.configured().traffic().writesAdmitted()).isEqualTo(2L * GUESTS);
        assertThat(table).contains("Graph at 1000, operator at 3000", "Graph at 3000, operator at 3000",
                "429 answers / requests (parts counted)", "write rate / Graph's real ceiling",
                "sustained write rate once the bucket ran dry / ceiling");
    }
}
