package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `benchmark`'s command line: help, and one-line errors for options it cannot use (the run itself: BenchmarkTest). */
class BenchmarkCommandTest {

    @ParameterizedTest(name = "benchmark {0} -> exit {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--help                    | 0 | Usage: benchmark [options]",
            "--guests 0                | 2 | error: option --guests: expected a whole number between 1 and 99999, got '0'",
            "--latency-ms slow         | 2 | error: option --latency-ms: expected a whole number",
            "--guest 10                | 2 | error: unknown option '--guest' (see 'benchmark --help')",
            "--seed /no/such/seed.yaml | 2 | error: --seed: cannot read /no/such/seed.yaml"})
    void answersAsTheTableSays(String arguments, int exit, String said) {
        CliRun run = CliRun.of(("benchmark " + arguments).split(" "));

        assertThat(run.exitCode()).isEqualTo(exit);
        // Help on standard output, errors on standard error, where a script that pipes the output still shows them.
        assertThat(exit == 0 ? run.stdout() : run.stderr()).contains(said);
    }
}
