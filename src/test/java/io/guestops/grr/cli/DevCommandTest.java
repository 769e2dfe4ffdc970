package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's front door: `dev` on the embedded default works the examples and says so in a table. */
class DevCommandTest {

    @TempDir
    Path state;

    @Test
    void devSettlesEveryExampleAsExpectedAndEndsWithATable() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run(new String[] {"dev", "--timeout", "60s", "--state-dir", state.toString()});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("5/5 settled", "AS EXPECTED", "Every resource ended as its example expects.",
                        "probes and metrics at http://127.0.0.1:")
                .doesNotContain("dev-only-emulator-secret");
        assertThat(output.lines().filter(l -> l.startsWith("frank-is-a-member")).findFirst().orElseThrow())
                .contains("NotAGuest", "yes");
        assertThat(Files.readString(state.resolve("kubeconfig"))).contains("server: http://127.0.0.1:");
    }

    @Test
    void devAppliesMultiDocumentFilesAsKubectlWould() throws Exception {
        Path examples = state.resolve("examples");
        Files.createDirectories(examples.resolve("emulator"));
        Files.copy(Path.of("examples/emulator/seed.yaml"), examples.resolve("emulator/seed.yaml"));
        Files.writeString(examples.resolve("two.yaml"), Files.readString(Path.of("examples/01-new-email-and-identity-provider.yaml"))
                + "---\n" + Files.readString(Path.of("examples/05-member-is-refused.yaml")));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run(new String[] {"dev", "--examples", examples.toString(), "--timeout", "60s",
                    "--state-dir", state.resolve("state").toString()});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Applying the resources of 1 file(s) from", "2/2 settled", "alex-new-identity-provider", "frank-is-a-member");
    }

    @Test
    void anUnknownOptionIsAOneLineErrorNamingIt() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run(new String[] {"dev", "--examples-dir", "x"});
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("error: unknown option '--examples-dir' (see 'dev --help')");
    }
}
