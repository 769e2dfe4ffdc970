package io.guestops.grr.testkit;

import io.guestops.grr.embedded.EmbeddedKubernetes;
import java.nio.file.Path;

/**
 * The embedded Kubernetes only (no emulator, no operator), started once per class, with the real
 * kubectl pointing at it. Register it as a static field with {@code @RegisterExtension}.
 */
public final class KubectlFixture extends EmbeddedKubernetesFixture {

    private EmbeddedKubernetes kubernetes;

    public KubectlFixture() {
        super("kubectl-test");
    }

    @Override
    void start() {
        kubernetes = closedAfterClass(EmbeddedKubernetes.start());
        kubectlFolder();
    }

    @Override
    public EmbeddedKubernetes kubernetes() {
        return kubernetes;
    }

    /** A folder of the test's own (kubectl's), removed after the class. */
    public Path dir() {
        return kubectlDir();
    }
}
