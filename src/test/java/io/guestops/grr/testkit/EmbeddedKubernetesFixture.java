package io.guestops.grr.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.embedded.Kubectl;
import java.nio.file.Path;

/**
 * A class-level fixture around one embedded Kubernetes: its Fabric8 client, and the real kubectl
 * against it, in a folder of its own made when first asked for and removed after the class.
 */
abstract class EmbeddedKubernetesFixture extends ClassLevelFixture {

    private final String kubectlFolderPrefix;
    private KubectlFolder kubectl;

    EmbeddedKubernetesFixture(String kubectlFolderPrefix) {
        this.kubectlFolderPrefix = kubectlFolderPrefix;
    }

    /** The embedded Kubernetes, once the class's tests have started. */
    public abstract EmbeddedKubernetes kubernetes();

    /** The Fabric8 client of the embedded Kubernetes (it reaches the store directly, past the API front). */
    public KubernetesClient client() {
        return kubernetes().client();
    }

    /** The real kubectl against the embedded API server, with its own kubeconfig and discovery cache. */
    public Kubectl kubectl() {
        return kubectlFolder().kubectl();
    }

    /** The folder kubectl runs in: the place for the manifests a test applies. */
    public Path kubectlDir() {
        return kubectlFolder().dir();
    }

    synchronized KubectlFolder kubectlFolder() {
        if (kubectl == null) {
            kubectl = closedAfterClass(new KubectlFolder(kubernetes(), kubectlFolderPrefix));
            // Forgotten after the class, so that a fixture started again makes a new folder.
            closedAfterClass(() -> kubectl = null);
        }
        return kubectl;
    }
}
