package io.guestops.grr.testkit;

import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.embedded.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real kubectl against an embedded API server, with its kubeconfig and discovery cache in a
 * folder of its own; the folder is also the place for the manifests a test writes. Closing it
 * removes the folder.
 */
final class KubectlFolder implements AutoCloseable {

    private final Path dir;
    private final Kubectl kubectl;

    KubectlFolder(EmbeddedKubernetes kubernetes, String prefix) {
        dir = TempFolders.create(prefix);
        kubectl = new Kubectl(kubernetes.writeKubeconfig(dir.resolve("kubeconfig")), dir);
    }

    Path dir() {
        return dir;
    }

    Kubectl kubectl() {
        return kubectl;
    }

    /** kubectl against another API server, sharing this folder (with a kubeconfig of its own). */
    Kubectl kubectlFor(EmbeddedKubernetes other) {
        try {
            return new Kubectl(other.writeKubeconfig(Files.createTempFile(dir, "kubeconfig-other", "")), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        TempFolders.delete(dir);
    }
}
