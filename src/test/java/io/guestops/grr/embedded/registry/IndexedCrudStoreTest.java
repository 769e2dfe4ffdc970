package io.guestops.grr.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.testkit.KubectlFixture;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request for one object is answered from the store's index: the same object a scan of the whole
 * store would have found, through create, update, relabel and delete, whatever else shares its name.
 */
class IndexedCrudStoreTest {

    /** The embedded Kubernetes only: no emulator, no operator. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();

    @BeforeAll
    static void twoNamespaces() {
        for (String namespace : new String[] {"team-a", "team-b"}) {
            KUBERNETES.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
    }

    @Test
    void theSameNameInAnotherNamespaceOrKindIsAnotherObject() {
        configMap("team-a", "shared", Map.of("owner", "a"));
        configMap("team-b", "shared", Map.of("owner", "b"));
        KUBERNETES.client().secrets().inNamespace("team-a").resource(new SecretBuilder().withNewMetadata().withName("shared").endMetadata()
                .addToStringData("owner", "secret").build()).create();

        assertThat(KUBERNETES.client().configMaps().inNamespace("team-a").withName("shared").get().getData()).containsEntry("owner", "a");
        assertThat(KUBERNETES.client().configMaps().inNamespace("team-b").withName("shared").get().getData()).containsEntry("owner", "b");
        assertThat(KUBERNETES.client().secrets().inNamespace("team-a").withName("shared").get()).isNotNull();
        assertThat(KUBERNETES.client().secrets().inNamespace("team-b").withName("shared").get()).isNull();
    }

    @Test
    void anUpdatedOrRelabelledObjectIsFoundAsItIsNowAndADeletedOneIsGone() {
        ConfigMap created = configMap("team-a", "moving", Map.of("step", "1"));
        ConfigMap relabelled = new ConfigMapBuilder(created).editMetadata().addToLabels("shard", "b").endMetadata()
                .withData(Map.of("step", "2")).build();
        KUBERNETES.client().configMaps().inNamespace("team-a").resource(relabelled).update();

        ConfigMap read = KUBERNETES.client().configMaps().inNamespace("team-a").withName("moving").get();
        assertThat(read.getData()).containsEntry("step", "2");
        assertThat(read.getMetadata().getLabels()).containsEntry("shard", "b");
        assertThat(KUBERNETES.client().configMaps().inNamespace("team-a").withLabel("shard", "b").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("moving");

        KUBERNETES.client().configMaps().inNamespace("team-a").withName("moving").delete();
        assertThat(KUBERNETES.client().configMaps().inNamespace("team-a").withName("moving").get()).isNull();
        assertThat(configMap("team-a", "moving", Map.of("step", "again")).getData()).containsEntry("step", "again");
    }

    @Test
    void aCreateOfANameThatIsTakenIsStillAConflictAmongMany() {
        IntStream.range(0, 200).forEach(i -> configMap("team-b", "many-" + i, Map.of("i", String.valueOf(i))));

        assertThat(KUBERNETES.client().configMaps().inNamespace("team-b").withName("many-123").get().getData()).containsEntry("i", "123");
        assertThatThrownBy(() -> configMap("team-b", "many-7", Map.of("i", "again")))
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(KUBERNETES.client().configMaps().inNamespace("team-b").withName("many-7").get().getData()).containsEntry("i", "7");
    }

    private static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
        return KUBERNETES.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().withData(data).build()).create();
    }
}
