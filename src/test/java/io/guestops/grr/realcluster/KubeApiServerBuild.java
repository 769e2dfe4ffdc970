package io.guestops.grr.realcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kube-apiserver the tests run on, built from the Kubernetes Go modules by
 * {@code src/test/go/kube-apiserver/build.sh} once per machine (cached by the hash of its sources) and
 * once per test JVM asked for its path. The first build takes minutes; a missing Go fails the test
 * with the reason, it does not skip it.
 */
final class KubeApiServerBuild {

    static final Path SCRIPT = Path.of("src/test/go/kube-apiserver/build.sh");
    private static Path binary;

    private KubeApiServerBuild() {
    }

    /** The binary's path, building it first when the cache does not hold it. */
    static synchronized Path binary() {
        if (binary == null) {
            binary = build();
        }
        return binary;
    }

    private static Path build() {
        try {
            // The first build on a machine takes minutes: the Go tool's own lines ("go: downloading ...") show it moving.
            System.err.println("The test kube-apiserver: " + SCRIPT + " (built once per machine, about 9 minutes the first time)");
            Process process = new ProcessBuilder(List.of("bash", SCRIPT.toString()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(45, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("building the test API server failed (" + SCRIPT + "); the Go tool's output is above");
            }
            Path path = Path.of(out.lines().reduce((first, last) -> last).orElse(""));
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(SCRIPT + " printed no executable: " + out);
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
