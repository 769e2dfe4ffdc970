package io.guestops.grr.realcluster;

import static org.awaitility.Awaitility.await;

import io.guestops.grr.testkit.ChildProcessOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `run` as its own process (the test's classpath, the command line's main class), so that what ends
 * the process in production (an informer that stops, a lost Lease) ends it here too and the test
 * sees it; standard error goes to a file the test reads.
 */
final class RunCommandProcess implements AutoCloseable {

    private static final Pattern PROBE_PORT = Pattern.compile("probes on :(\\d+)");
    private final Process process;
    private final Path stderr;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int probePort;

    private RunCommandProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /**
     * JVM options that shorten a short-lived `run`'s start (the client compiler only, the serial
     * collector): they change how fast the JVM starts, nothing the operator does or asks for.
     */
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    static RunCommandProcess start(Path outputDir, List<String> runArgs) {
        return start(outputDir, runArgs, List.of());
    }

    /** As {@link #start(Path, List)}, the JVM started with {@code jvmOptions}. */
    static RunCommandProcess start(Path outputDir, List<String> runArgs, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.guestops.grr.cli.Main", "run"));
        command.addAll(runArgs);
        Path stderr = outputDir.resolve("run-stderr.txt");
        try {
            return new RunCommandProcess(new ProcessBuilder(command).redirectOutput(outputDir.resolve("run-stdout.txt").toFile())
                    .redirectError(stderr.toFile()).start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the operator runs (its start line printed) or the process ended. */
    boolean startedOrEnded() {
        Matcher port = PROBE_PORT.matcher(stderr());
        if (port.find()) {
            probePort = Integer.parseInt(port.group(1));
            return true;
        }
        return !process.isAlive();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** /metrics, or "" before the start line or after the end. */
    String metrics() {
        if (probePort == 0 && !startedOrEnded() || probePort == 0 || !process.isAlive()) {
            return "";
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    int exitCode() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    String stderr() {
        return ChildProcessOutput.readSoFar(stderr);
    }

    /** Ends the process at once (SIGKILL), as a node that fails would: no graceful stop, no Lease given back. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcessOutput.stop(process);
    }
}
