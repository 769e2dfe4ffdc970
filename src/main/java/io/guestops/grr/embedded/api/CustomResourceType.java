package io.guestops.grr.embedded.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

import java.util.List;
import java.util.Objects;

/**
 * What the embedded API server knows about one served version of a CRD: its discovery entry,
 * its OpenAPI v3 schema and its printer columns. Everything is read from the CRD object itself.
 */
public final class CustomResourceType {

    private final CustomResourceDefinition definition;
    private final CustomResourceDefinitionVersion version;
    private final ResourceType type;

    private CustomResourceType(CustomResourceDefinition definition, CustomResourceDefinitionVersion version) {
        this.definition = definition;
        this.version = version;
        CustomResourceDefinitionNames names = definition.getSpec().getNames();
        this.type = new ResourceType(definition.getSpec().getGroup(), version.getName(), names.getKind(),
                names.getPlural(), names.getSingular(), Objects.requireNonNullElse(names.getShortNames(), List.of()),
                "Namespaced".equals(definition.getSpec().getScope()),
                version.getSubresources() != null && version.getSubresources().getStatus() != null,
                ResourceType.ALL_VERBS);
    }

    /** One entry for each served version of the definition. */
    public static List<CustomResourceType> servedVersionsOf(CustomResourceDefinition definition) {
        return definition.getSpec().getVersions().stream()
                .filter(v -> Boolean.TRUE.equals(v.getServed()))
                .map(v -> new CustomResourceType(definition, v))
                .toList();
    }

    public ResourceType type() {
        return type;
    }

    public CustomResourceDefinition definition() {
        return definition;
    }

    /** The openAPIV3Schema of this version as a JSON tree (an empty object when the CRD has none). */
    public JsonNode schema() {
        if (version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        return new ObjectMapper().valueToTree(version.getSchema().getOpenAPIV3Schema());
    }

    public List<CustomResourceColumnDefinition> printerColumns() {
        return Objects.requireNonNullElse(version.getAdditionalPrinterColumns(), List.of());
    }
}
