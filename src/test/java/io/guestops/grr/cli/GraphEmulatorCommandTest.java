package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphEmulatorCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GraphEmulatorCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownOrInvalidOptionsExitWith2AndAOneLineError() {
        assertThat(run("--prot", "8443")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("graph-emulator: unknown option '--prot' (see --help)" + System.lineSeparator());
        err.reset();
        assertThat(run("--port", "eighty")).isEqualTo(2);
        assertThat(stderr()).contains("--port").contains("eighty").doesNotContain("Exception");
        err.reset();
        assertThat(run("--fault", "/v1.0/invitations:POST:explode")).isEqualTo(2);
        assertThat(stderr()).contains("--fault").contains("explode");
        err.reset();
        assertThat(run("--ru-per-10s")).isEqualTo(2);
        assertThat(stderr()).contains("--ru-per-10s");
    }

    @Test
    void readReplicaLagAndDeltaTokenLifetimeAreOptions() {
        GraphEmulatorCommand.Options options = GraphEmulatorCommand.Options.parse(
                new String[] {"--read-replica-lag-ms", "1000", "--delta-token-lifetime-s", "60"});
        assertThat(options.readReplicaLagMs()).isEqualTo(1000L);
        assertThat(options.deltaTokenLifetimeS()).isEqualTo(60L);
        assertThat(run("--delta-token-lifetime-s", "0")).as("a link must live").isEqualTo(2);
        assertThat(stderr()).contains("--delta-token-lifetime-s");
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--fault ROUTE:METHOD:KIND");
    }

    @Test
    void badSeedIsReportedWithItsLineAndExit1(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(seed, "tenants:\n  - id: t1\n");

        assertThat(run("--seed", seed.toString())).isEqualTo(1);
        assertThat(stderr()).isEqualTo("graph-emulator: seed line 2: tenants[0].defaultDomain: is required" + System.lineSeparator());
    }

    @Test
    void startsAndPrintsUrlsAndWritesTheCertificate(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("emulator.pem");
        GraphEmulatorCommand.Options options = GraphEmulatorCommand.Options.parse(new String[] {
                "--cert-out", pem.toString(), "--ru-per-10s=100", "--writes-per-150s", "5",
                "--fault", "/v1.0/invitations:POST:drop:1", "--fault", "/users/*:GET:429:0.25", "--latency-ms", "5"});

        try (GraphEmulator emulator = GraphEmulatorCommand.start(options, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("Graph base URL:  " + emulator.graphEndpoint() + "/v1.0")
                    .contains(emulator.authorityHost() + "/0b8e6f0a-5c1d-4a7e-9a41-2f3c4d5e6f70/oauth2/v2.0/token")
                    .contains(pem.toAbsolutePath().toString());
            assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(emulator.throttling().limits().ruPer10sSmallTenant()).isEqualTo(100);
            assertThat(emulator.throttling().limits().writesPer150s()).isEqualTo(5);
            assertThat(emulator.faults().list()).extracting(FaultRule::kind)
                    .containsExactly(FaultKind.LATENCY, FaultKind.COMMIT_THEN_DROP, FaultKind.THROTTLE);
            assertThat(emulator.faults().list().get(2).rate()).isEqualTo(0.25);
        }
    }
}
