package io.guestops.grr.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.embedded.Kubectl;
import java.nio.file.Path;

/**
 * The embedded Kubernetes only (no emulator, no operator), started once per class, with the real
 * kubectl pointing at it. Register it as a static field with {@code @RegisterExtension}.
 */
public final class KubectlFixture extends ClassLevelFixture {

    private EmbeddedKubernetes kubernetes;
    private KubectlFolder folder;

    @Override
    void start() {
        kubernetes = closedAfterClass(EmbeddedKubernetes.start());
        folder = closedAfterClass(new KubectlFolder(kubernetes, "kubectl-test"));
    }

    public EmbeddedKubernetes kubernetes() {
        return kubernetes;
    }

    public KubernetesClient client() {
        return kubernetes.client();
    }

    public Kubectl kubectl() {
        return folder.kubectl();
    }

    /** A folder of the test's own, removed after the class. */
    public Path dir() {
        return folder.dir();
    }
}
