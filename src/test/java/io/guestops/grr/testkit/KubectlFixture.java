package io.guestops.grr.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.embedded.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kubectl tests' fixture: an embedded Kubernetes started once per class (no emulator, no
 * operator), and the real kubectl with a kubeconfig pointing at it. Register it as a static field
 * with {@code @RegisterExtension}.
 */
public final class KubectlFixture extends ClassLevelFixture {

    private Path dir;
    private EmbeddedKubernetes kubernetes;
    private Kubectl kubectl;

    @Override
    void start() throws IOException {
        dir = Files.createTempDirectory("kubectl-test");
        kubernetes = EmbeddedKubernetes.start();
        kubectl = new Kubectl(kubernetes.writeKubeconfig(dir.resolve("kubeconfig")), dir);
    }

    @Override
    void stop() {
        if (kubernetes != null) {
            kubernetes.close();
        }
        TempFolders.delete(dir);
    }

    public EmbeddedKubernetes kubernetes() {
        return kubernetes;
    }

    public KubernetesClient client() {
        return kubernetes.client();
    }

    public Kubectl kubectl() {
        return kubectl;
    }

    /** A folder of the test's own, removed after the class. */
    public Path dir() {
        return dir;
    }
}
