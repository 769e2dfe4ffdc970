package io.guestops.grr.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the test started as its own process (a built jar, `run` on the test's classpath), the way a
 * user or a pod starts one: its standard output and error go to files the test reads while it runs,
 * and it ends as Kubernetes ends a pod, gracefully (SIGTERM) or at once (SIGKILL).
 */
public final class ChildProcess implements AutoCloseable {

    /** How long a graceful stop may take before the process is killed: long enough for `run` to give its Lease back. */
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the {@code java} of the JVM running the tests with {@code arguments} (JVM options, then
     * what to run), {@code environment} added to this process's; its output goes to
     * {@code name-stdout.txt} and {@code name-stderr.txt} in {@code outputDir}.
     */
    public static ChildProcess startJava(String name, Path outputDir, Map<String, String> environment, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(arguments);
        Path stdout = outputDir.resolve(name + "-stdout.txt");
        Path stderr = outputDir.resolve(name + "-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test's own classpath, for a child that runs this build's classes (so a fix is tested at once). */
    public static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Its standard output so far. */
    public String stdout() {
        return readSoFar(stdout);
    }

    /** Its standard error so far. */
    public String stderr() {
        return readSoFar(stderr);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its exit code; fails, showing its standard error, if it has not ended within {@code timeout}. */
    public int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the process did not end within " + timeout + "; stderr:\n" + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the process to end", e);
        }
        return process.exitValue();
    }

    /** SIGKILL, as a node that fails ends a pod: no shutdown hook runs, no Lease is given back. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as Kubernetes stops a pod; true if the process ended within {@code within}. */
    public boolean terminate(Duration within) {
        process.destroy();
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, and SIGKILL if the process has not ended within {@link #GRACE}. */
    @Override
    public void close() {
        if (!terminate(GRACE)) {
            kill();
        }
    }

    /** The file's text so far; empty while the process has not written it yet. */
    private static String readSoFar(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
