package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.guestops.grr.model.GuestRedemptionPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's front door: `dev` on the embedded default works the examples and says so in a table. */
class DevCommandTest {

    @TempDir
    Path state;

    @TempDir
    Path ownExamples;

    private static String dev(String... args) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        return output;
    }

    @Test
    void devSettlesEveryExampleAsExpectedUnderTheExamplePolicyAndEndsWithATable() throws Exception {
        String output = dev("dev", "--timeout", "60s", "--state-dir", state.toString());
        assertThat(output.lines().findFirst().orElseThrow()).contains("Policies on: 1 GuestRedemptionPolicy file(s) in examples");
        assertThat(output).contains("5/5 settled", "AS EXPECTED", "Every resource ended as its example expects.",
                        "probes and metrics at http://127.0.0.1:")
                .doesNotContain("dev-only-emulator-secret");
        assertThat(output.lines().filter(l -> l.startsWith("frank-is-a-member")).findFirst().orElseThrow())
                .contains("NotAGuest", "yes");
        assertThat(Files.readString(state.resolve("kubeconfig"))).contains("server: http://127.0.0.1:");
    }

    /** Trying the operator on one's own resources stays one command: no policy in the directory, none enforced. */
    @Test
    void examplesWithoutAPolicyRunWithoutPoliciesAndSaySoFirst() throws Exception {
        try (var files = Files.list(Path.of("examples"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("0[1-5].*\\.yaml")).toList()) {
                Files.copy(file, ownExamples.resolve(file.getFileName()));
            }
        }
        Files.createDirectories(ownExamples.resolve("emulator"));
        Files.copy(Path.of("examples/emulator/seed.yaml"), ownExamples.resolve("emulator/seed.yaml"));
        String output = dev("dev", "--timeout", "60s", "--state-dir", state.toString(), "--examples", ownExamples.toString());
        assertThat(output.lines().findFirst().orElseThrow()).contains("No GuestRedemptionPolicy in " + ownExamples
                + ": running WITHOUT policies");
        assertThat(output).contains("5/5 settled", "Every resource ended as its example expects.");
    }

    @Test
    void devAppliesMultiDocumentFilesAsKubectlWould() throws Exception {
        Files.createDirectories(ownExamples.resolve("emulator"));
        Files.copy(Path.of("examples/emulator/seed.yaml"), ownExamples.resolve("emulator/seed.yaml"));
        Files.writeString(ownExamples.resolve("two.yaml"), Files.readString(Path.of("examples/01-new-email-and-identity-provider.yaml"))
                + "---\n" + Files.readString(Path.of("examples/05-member-is-refused.yaml")));
        String output = dev("dev", "--examples", ownExamples.toString(), "--timeout", "60s", "--state-dir", state.toString());
        assertThat(output).contains("Applying the resources of 1 file(s) from", "2/2 settled", "alex-new-identity-provider",
                "frank-is-a-member");
    }

    private void seedOnly() throws Exception {
        Files.createDirectories(ownExamples.resolve("emulator"));
        Files.copy(Path.of("examples/emulator/seed.yaml"), ownExamples.resolve("emulator/seed.yaml"));
    }

    /** Policies first, resources later with kubectl: a directory of policies alone is a start, not a failure. */
    @Test
    void examplesWithOnlyAPolicySayThereIsNothingToApplyAndSucceed() throws Exception {
        seedOnly();
        Files.copy(Path.of("examples/00-policy.yaml"), ownExamples.resolve("00-policy.yaml"));
        String output = dev("dev", "--examples", ownExamples.toString(), "--timeout", "60s", "--state-dir", state.toString());
        assertThat(output).contains("Policies on: 1 GuestRedemptionPolicy file(s)",
                        "No GuestRedemptionReset in " + ownExamples + ": nothing to apply")
                .doesNotContain("Every resource ended as its example expects.", "AS EXPECTED");
    }

    @Test
    void keepRunningWithOnlyAPolicyKeepsTheClusterUpWithThePolicyApplied() throws Exception {
        seedOnly();
        Files.copy(Path.of("examples/00-policy.yaml"), ownExamples.resolve("00-policy.yaml"));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        AtomicInteger exit = new AtomicInteger(-1);
        Thread dev = new Thread(() -> exit.set(Main.run(new String[] {"dev", "--keep-running", "--examples", ownExamples.toString(),
                "--timeout", "60s", "--state-dir", state.toString()})), "dev --keep-running");
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            dev.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> captured.toString(StandardCharsets.UTF_8).contains("Still running."));
            String output = captured.toString(StandardCharsets.UTF_8);
            assertThat(output).contains("nothing to apply", "kubectl apply -f").doesNotContain("Index 0 out of bounds");
            Config config = Config.fromKubeconfig(Files.readString(state.resolve("kubeconfig")));
            try (KubernetesClient kubectlsView = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(kubectlsView.resources(GuestRedemptionPolicy.class).list().getItems())
                        .extracting(p -> p.getMetadata().getName()).containsExactly("examples");
            }
            assertThat(dev.isAlive()).as("still running until stopped").isTrue();
        } finally {
            dev.interrupt();
            dev.join(Duration.ofSeconds(60).toMillis());
            System.setOut(original);
        }
        assertThat(dev.isAlive()).as("stops when interrupted").isFalse();
    }

    @Test
    void aPolicyFileWithTwoDocumentsAppliesBoth() throws Exception {
        seedOnly();
        // The resource is admitted by the second document only.
        Files.writeString(ownExamples.resolve("00-policies.yaml"), """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionPolicy
                metadata:
                  name: nobody
                spec:
                  namespaceSelector: {matchLabels: {team: nobody}}
                ---
                """ + Files.readString(Path.of("examples/00-policy.yaml")));
        Files.copy(Path.of("examples/01-new-email-and-identity-provider.yaml"), ownExamples.resolve("01.yaml"));
        String output = dev("dev", "--examples", ownExamples.toString(), "--timeout", "60s", "--state-dir", state.toString());
        assertThat(output).contains("Policies on: 1 GuestRedemptionPolicy file(s)", "Applying 2 policies", "1/1 settled",
                "Every resource ended as its example expects.");
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
