package io.guestops.grr.realcluster;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `run` as its own process (this build's classes, the command line's main class), so that what ends
 * the process in production (an informer that stops, a lost Lease) ends it here too and the test
 * sees it. A replica can be stopped as Kubernetes stops a pod (SIGTERM, {@link #close()}) or killed
 * as a node loss does (SIGKILL, {@link #kill()}).
 */
final class RunCommandProcess implements AutoCloseable {

    /**
     * JVM options that shorten a short-lived `run`'s start (the client compiler only, the serial
     * collector): they change how fast the JVM starts, nothing the operator does or asks for.
     */
    static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    private static final Pattern PROBE_PORT = Pattern.compile("probes on :(\\d+)");
    private final String name;
    private final ChildProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int probePort;

    private RunCommandProcess(String name, ChildProcess process) {
        this.name = name;
        this.process = process;
    }

    static RunCommandProcess start(Path outputDir, List<String> runArgs) {
        return start(outputDir, runArgs, List.of());
    }

    /** As {@link #start(Path, List)}, the JVM started with {@code jvmOptions}. */
    static RunCommandProcess start(Path outputDir, List<String> runArgs, List<String> jvmOptions) {
        return start("run", outputDir, Map.of(), runArgs, jvmOptions);
    }

    /**
     * One operator replica started the way a Deployment starts it: {@code --kubeconfig} pointing at
     * the real API server and the Graph emulator as its tenant, the secret only in
     * {@code AZURE_CLIENT_SECRET}, leader election on (the default Lease in namespace default) as
     * {@code identity}; its output in {@code dir}, in files named after it.
     */
    static RunCommandProcess replica(String identity, RealKubernetes kube, GraphEmulator emulator, Application app, Path dir) {
        Path certificate = dir.resolve("graph.pem");
        if (!Files.exists(certificate)) {
            emulator.writeCertificatePem(certificate);
        }
        List<String> runArgs = List.of("--kubeconfig", kube.kubeconfig().toString(),
                "--tenant-id", app.tenantId(), "--client-id", app.clientId(),
                "--graph-endpoint", emulator.graphEndpoint(), "--authority-host", emulator.authorityHost(),
                "--trust-cert", certificate.toString(), "--health-port", "0", "--identity", identity, "--threads", "4");
        List<String> jvmOptions = new ArrayList<>(QUICK_START);
        jvmOptions.add("-Xmx384m"); // a small JVM: the CI machine has two cores and little memory for everyone
        return start(identity, dir, Map.of("AZURE_CLIENT_SECRET", app.secrets().get(0)), runArgs, jvmOptions);
    }

    private static RunCommandProcess start(String name, Path outputDir, Map<String, String> environment, List<String> runArgs,
                                           List<String> jvmOptions) {
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("-cp", ChildProcess.testClassPath(), "io.guestops.grr.cli.Main", "run"));
        arguments.addAll(runArgs);
        return new RunCommandProcess(name, ChildProcess.startJava(name, outputDir, environment, arguments));
    }

    /** The name its output files carry: a replica's identity, else "run". */
    String name() {
        return name;
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
        return process.exitCode(Duration.ofSeconds(30));
    }

    String stderr() {
        return process.stderr();
    }

    /** All it wrote so far: standard output, then standard error. */
    String output() {
        return process.stdout() + process.stderr();
    }

    /** Ends the process at once (SIGKILL), as a node that fails would: no graceful stop, no Lease given back. */
    void kill() {
        process.kill();
    }

    /** SIGTERM, as Kubernetes stops a pod: true if `run` ended within {@code within}. */
    boolean terminate(Duration within) {
        return process.terminate(within);
    }

    @Override
    public void close() {
        process.close();
    }
}
