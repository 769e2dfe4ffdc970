package io.guestops.grr.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The kubectl tests' one fixture: an embedded Kubernetes started once per class, and the real
 * kubectl with a kubeconfig pointing at it. Register it as a static field with {@code @RegisterExtension}.
 */
final class KubectlFixture implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private EmbeddedKubernetes kubernetes;
    private Kubectl kubectl;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("kubectl-test");
        kubernetes = EmbeddedKubernetes.start();
        kubectl = new Kubectl(kubernetes.writeKubeconfig(dir.resolve("kubeconfig")), dir);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kubernetes != null) {
            kubernetes.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EmbeddedKubernetes kubernetes() {
        return kubernetes;
    }

    KubernetesClient client() {
        return kubernetes.client();
    }

    Kubectl kubectl() {
        return kubectl;
    }

    /** A folder of the test's own, removed after the class. */
    Path dir() {
        return dir;
    }
}
