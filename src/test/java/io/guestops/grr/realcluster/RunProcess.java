package io.guestops.grr.realcluster;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.testkit.ChildProcessOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One operator replica started the way a Deployment starts it: {@code Main run} in a JVM of its own
 * (this build's classes, so a fix is tested at once), {@code --kubeconfig} pointing at the real API
 * server and the Graph emulator as its tenant, the secret only in {@code AZURE_CLIENT_SECRET}. A
 * replica can be stopped as Kubernetes stops a pod (SIGTERM) or killed as a node loss does (SIGKILL).
 */
final class RunProcess implements AutoCloseable {

    private final String identity;
    private final Process process;
    private final Path log;

    private RunProcess(String identity, Process process, Path log) {
        this.identity = identity;
        this.process = process;
        this.log = log;
    }

    /** A replica named {@code identity}, leader election on (the default Lease in namespace default). */
    static RunProcess start(String identity, RealKubernetes kube, GraphEmulator emulator, Application app, Path dir) {
        try {
            Path certificate = dir.resolve("graph.pem");
            if (!Files.exists(certificate)) {
                emulator.writeCertificatePem(certificate);
            }
            Path log = dir.resolve(identity + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // a small, quickly started JVM: the CI machine has two cores for everyone
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "io.guestops.grr.cli.Main", "run", "--kubeconfig", kube.kubeconfig().toString(),
                    "--tenant-id", app.tenantId(), "--client-id", app.clientId(),
                    "--graph-endpoint", emulator.graphEndpoint(), "--authority-host", emulator.authorityHost(),
                    "--trust-cert", certificate.toString(), "--health-port", "0", "--identity", identity, "--threads", "4"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("AZURE_CLIENT_SECRET", app.secrets().get(0));
            return new RunProcess(identity, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String identity() {
        return identity;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What the replica logged so far (standard output and error). */
    String log() {
        return ChildProcessOutput.readSoFar(log);
    }

    /** SIGKILL: no shutdown hook runs, the Lease is not released; the standby must wait for it to expire. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
