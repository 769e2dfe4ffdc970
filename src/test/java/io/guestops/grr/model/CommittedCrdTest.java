package io.guestops.grr.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * crds/ is what users install. It must be exactly what the build generates from the model, so a
 * model change without a regenerated CRD fails the build instead of shipping a stale schema.
 */
class CommittedCrdTest {

    /** Every CRD the model generates, as the file name crds/ holds it under. */
    static List<String> crdFiles() {
        return List.of(HasMetadata.getFullResourceName(GuestRedemptionReset.class) + "-v1.yml",
                HasMetadata.getFullResourceName(GuestRedemptionPolicy.class) + "-v1.yml");
    }

    @ParameterizedTest
    @MethodSource("crdFiles")
    void theCommittedCrdIsWhatTheModelGenerates(String file) throws IOException {
        String generated;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/fabric8/" + file)) {
            assertThat(in).as("the crd-generator output on the classpath").isNotNull();
            generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String committed = Files.readString(Path.of("crds", file));
        assertThat(committed)
                .as("crds/%s is stale; regenerate it with: mvn -q -DskipTests package && cp target/classes/META-INF/fabric8/%s crds/",
                        file, file)
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @MethodSource("crdFiles")
    void everySpecAndStatusFieldIsDescribedForKubectlExplain(String file) throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(Path.of("crds", file)), CustomResourceDefinition.class);
        JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        List<String> undocumented = new ArrayList<>();
        collectUndocumented("spec", root.getProperties().get("spec"), undocumented);
        if (root.getProperties().containsKey("status")) {
            collectUndocumented("status", root.getProperties().get("status"), undocumented);
        }
        assertThat(undocumented).as("fields without a description").isEmpty();
    }

    /** Fields of Kubernetes' own types (Condition, LabelSelector), documented by Kubernetes. */
    private static final List<String> KUBERNETES_TYPES = List.of("status.conditions", "spec.namespaceSelector");

    /** Walks the schema, not into Kubernetes' own types. */
    private static void collectUndocumented(String path, JSONSchemaProps schema, List<String> undocumented) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((name, child) -> {
            String childPath = path + "." + name;
            if (child.getDescription() == null || child.getDescription().isBlank()) {
                undocumented.add(childPath);
            }
            if (!KUBERNETES_TYPES.contains(childPath)) {
                collectUndocumented(childPath, child, undocumented);
                if (child.getItems() != null && child.getItems().getSchema() != null) {
                    collectUndocumented(childPath + "[]", child.getItems().getSchema(), undocumented);
                }
            }
        });
    }
}
