package io.guestops.grr.embedded;

import io.guestops.grr.testkit.EnvironmentFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the real kubectl against a kubeconfig, with its own discovery cache, output captured. Public
 * so that the operator's end-to-end tests (package kube) drive it too, through {@code EnvironmentFixture.kubectl()}.
 */
public final class Kubectl {

    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private static final String BINARY = System.getenv().getOrDefault("KUBECTL", "kubectl");
    private static final long TIMEOUT_SECONDS = 60;

    private final Path kubeconfig;
    private final Path cacheDir;

    public Kubectl(Path kubeconfig, Path cacheDir) {
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    public Result run(String... args) {
        return run(line -> { }, line -> { }, args);
    }

    /** Runs kubectl and fails the test, with kubectl's output, unless it exits 0. */
    public Result succeeds(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.all());
        }
        return result;
    }

    /** Like {@link #run(String...)}, and hands every output line to the consumers as it comes. */
    public Result run(Consumer<String> stdoutLines, Consumer<String> stderrLines, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("KUBECACHEDIR", cacheDir.toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readLines(process.getInputStream(), stdoutLines));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readLines(process.getErrorStream(), stderrLines));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + "s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + BINARY + " (set KUBECTL to its path)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public Result apply(String yaml, String... moreArgs) {
        try {
            Path file = Files.createTempFile(cacheDir, "manifest", ".yaml");
            Files.writeString(file, yaml);
            List<String> args = new ArrayList<>(List.of("apply", "-f", file.toString()));
            args.addAll(List.of(moreArgs));
            return run(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLines(InputStream stream, Consumer<String> lines) {
        StringBuilder all = new StringBuilder();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(line);
                all.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }
}
