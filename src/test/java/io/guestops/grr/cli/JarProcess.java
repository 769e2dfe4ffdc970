package io.guestops.grr.cli;

import io.guestops.grr.testkit.ChildProcessOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the built jars run as its own process ({@code java -jar}), the way a user or a container
 * runs it; standard output and error go to files the test reads while it runs.
 */
final class JarProcess implements AutoCloseable {

    /** The jars `package` built; failsafe names them, the defaults serve a run from the IDE. */
    static final Path FULL_JAR = Path.of(System.getProperty("full.jar", "target/guest-redemption-operator.jar"));
    static final Path RUNTIME_JAR = Path.of(System.getProperty("runtime.jar", "target/guest-redemption-operator-runtime.jar"));

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JarProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static JarProcess start(Path jar, Path outputDir, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path stdout = outputDir.resolve("stdout.txt");
        Path stderr = outputDir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        try {
            return new JarProcess(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end and returns its exit code. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("java -jar did not end within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        return ChildProcessOutput.readSoFar(file);
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcessOutput.stop(process);
    }
}
