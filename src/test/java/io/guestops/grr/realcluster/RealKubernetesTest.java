package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.guestops.grr.model.GuestRedemptionReset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test API server behaves as a cluster does where the embedded API could not. */
class RealKubernetesTest {

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    @Test
    void theReadmesKubectlFlowsWork() {
        String namespace = "readme-" + System.nanoTime();
        KUBE.kubectl("create", "namespace", namespace);
        KUBE.kubectl("-n", namespace, "create", "secret", "generic", "graph-credentials", "--from-literal=client-secret=not-a-real-one");

        assertThat(KUBE.kubectl("-n", namespace, "get", "secret", "graph-credentials", "-o", "jsonpath={.type}")).isEqualTo("Opaque");
        assertThat(KUBE.kubectl("get", "namespace", namespace, "-o", "jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name}"))
                .isEqualTo(namespace);
    }

    @Test
    void deletingANamespaceDeletesItsResources() throws IOException {
        String namespace = KUBE.createNamespace("doomed");
        KubernetesClient client = KUBE.adminClient();
        client.resource(example("examples/01-new-email-and-identity-provider.yaml", namespace)).create();
        assertThat(client.resources(GuestRedemptionReset.class).inNamespace(namespace).list().getItems()).hasSize(1);

        KUBE.kubectl("delete", "namespace", namespace, "--wait=false");

        await().atMost(Duration.ofSeconds(60)).until(() -> client.namespaces().withName(namespace).get() == null);
        assertThat(client.resources(GuestRedemptionReset.class).inNamespace(namespace).list().getItems()).isEmpty();
    }

    private static GuestRedemptionReset example(String file, String namespace) throws IOException {
        GuestRedemptionReset resource = Serialization.unmarshal(Files.readString(Path.of(file)), GuestRedemptionReset.class);
        resource.getMetadata().setNamespace(namespace);
        return resource;
    }

    @Test
    void aRestartKeepsTheObjects() throws IOException {
        String namespace = KUBE.createNamespace("kept");
        KUBE.adminClient().resource(example("examples/03-moved-to-another-company.yaml", namespace)).create();

        KUBE.restart(Duration.ZERO);

        assertThat(KUBE.kubectl("-n", namespace, "get", "grr", "-o", "name")).contains("chen-moved-company");
    }
}
