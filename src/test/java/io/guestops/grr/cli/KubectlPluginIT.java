package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin as docs/gitops.md installs it: target/kubectl-grr copied into a directory on the
 * PATH, then the real kubectl runs `kubectl grr validate` and `kubectl grr plan` against the Graph
 * emulator; the plan is what the examples need, and Graph saw only reads.
 */
class KubectlPluginIT {

    private static final Path PLUGIN = JarProcess.FULL_JAR.toAbsolutePath().getParent().resolve("kubectl-grr");
    private static final String KUBECTL = System.getenv().getOrDefault("KUBECTL", "kubectl");

    @TempDir
    static Path dir;

    private static final Seed SEED = Seeds.examples();

    /** `plan` only reads: the emulator is never reset. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> SEED).keepingStateAcrossTests();

    private static Path bin;

    @BeforeAll
    static void installThePluginAndStartTheEmulator() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        Path installed = Files.copy(PLUGIN, bin.resolve("kubectl-grr"));
        Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rwxr-xr-x"));
        GRAPH.emulator().writeCertificatePem(dir.resolve("emulator.pem"));
    }

    record Result(int exitCode, String stdout, String stderr) {}

    @Test
    void kubectlGrrPlanShowsTheExamplesChangesAndOnlyReadsGraph() throws Exception {
        Application app = SEED.applications().get(0);
        Result plan = kubectl("grr", "plan", "examples", "--output", "markdown",
                "--tenant-id", app.tenantId(), "--client-id", app.clientId(),
                "--graph-endpoint", GRAPH.emulator().graphEndpoint(), "--authority-host", GRAPH.emulator().authorityHost(),
                "--trust-cert", dir.resolve("emulator.pem").toString());
        assertThat(plan.exitCode()).as(plan.stderr()).isEqualTo(2);
        assertThat(plan.stdout()).contains("### GuestRedemptionReset plan",
                "| `default/alex-new-identity-provider` | change | ~ mail: alex@fabrikam.com -&gt; alex.wilber@outlook.com",
                "+ reset redemption to alex.wilber@outlook.com",
                "| `default/frank-is-a-member` | refused: Stalled/NotAGuest |",
                "**Plan:** 4 resets");
        assertThat(plan.stdout() + plan.stderr()).doesNotContain(app.secrets().get(0));
        assertThat(GRAPH.emulator().journal()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.method().equals("GET") || e.path().contains("/oauth2/")
                        || e.path().equals("/v1.0/$batch")).as(e.method() + " " + e.path()).isTrue());
    }

    @Test
    void kubectlGrrValidateChecksTheExamplesOffline() throws Exception {
        Result validate = kubectl("grr", "validate", "--policies", "examples/00-policy.yaml", "examples");
        long yamlFiles;
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("examples"))) {
            yamlFiles = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).count();
        }
        assertThat(validate.exitCode()).as(validate.stderr()).isZero();
        assertThat(validate.stdout()).contains("5 GuestRedemptionReset(s) in " + yamlFiles + " file(s): valid");
    }

    private static Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KUBECTL));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("GRR_JAR", JarProcess.FULL_JAR.toAbsolutePath().toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("AZURE_CLIENT_SECRET", SEED.applications().get(0).secrets().get(0));
        builder.environment().put("KUBECONFIG", dir.resolve("no-cluster-needed").toString());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}
