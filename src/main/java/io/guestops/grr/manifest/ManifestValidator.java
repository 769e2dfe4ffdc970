package io.guestops.grr.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.guestops.grr.decision.spec.SpecProblem;
import io.guestops.grr.decision.spec.SpecValidator;
import io.guestops.grr.schema.FieldError;
import io.guestops.grr.schema.SchemaCheck;
import io.guestops.grr.schema.StructuralSchema;
import io.guestops.grr.model.GuestRedemptionReset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything that can be said about GuestRedemptionResets without a cluster or a tenant: the
 * checks the API server makes (metadata names, the CRD's schema and CEL rules, unknown fields, as
 * the embedded API applies them), the operator's own {@link SpecValidator}, and any further
 * {@link ResourceCheck}s. Documents of other kinds are left alone.
 */
public final class ManifestValidator {

    public static final String KIND = HasMetadata.getKind(GuestRedemptionReset.class);
    public static final String GROUP = HasMetadata.getGroup(GuestRedemptionReset.class);
    /** Where the crd-generator puts the CRD on the classpath (as the embedded Kubernetes reads it). */
    static final String CRD_RESOURCE = "META-INF/fabric8/" + HasMetadata.getFullResourceName(GuestRedemptionReset.class) + "-v1.yml";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What validation found.
     *
     * @param accepted         the GuestRedemptionResets the API server would store (the operator may still refuse them)
     * @param refusedAtApply   problems the API server refuses at apply (and files that are not YAML)
     * @param refusedByOperator problems of stored resources that the operator refuses (it ends them Stalled)
     */
    public record Result(List<Accepted> accepted, List<ManifestProblem> refusedAtApply, List<ManifestProblem> refusedByOperator,
                         int resourcesChecked, int otherDocuments) {

        public List<ManifestProblem> problems() {
            List<ManifestProblem> all = new ArrayList<>(refusedAtApply);
            all.addAll(refusedByOperator);
            all.sort(java.util.Comparator.comparing((ManifestProblem p) -> p.file().toString()).thenComparingInt(ManifestProblem::line));
            return all;
        }

        public boolean passed() {
            return refusedAtApply.isEmpty() && refusedByOperator.isEmpty();
        }
    }

    /** A GuestRedemptionReset the API server would store, and the document it came from. */
    public record Accepted(ManifestDocument document, GuestRedemptionReset resource) {}

    private final Map<String, StructuralSchema> schemasByVersion;
    private final List<ResourceCheck> extraChecks;

    public ManifestValidator(CustomResourceDefinition crd, List<ResourceCheck> extraChecks) {
        this.schemasByVersion = new LinkedHashMap<>();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (Boolean.TRUE.equals(version.getServed()) && version.getSchema() != null) {
                schemasByVersion.put(crd.getSpec().getGroup() + "/" + version.getName(),
                        new StructuralSchema(new ObjectMapper().valueToTree(version.getSchema().getOpenAPIV3Schema())));
            }
        }
        this.extraChecks = List.copyOf(extraChecks);
    }

    /** The validator of the CRD this build generated. */
    public static ManifestValidator forProjectCrd(List<ResourceCheck> extraChecks) {
        return new ManifestValidator(projectCrd(), extraChecks);
    }

    static CustomResourceDefinition projectCrd() {
        try (InputStream yaml = ManifestValidator.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
            if (yaml == null) {
                throw new IllegalStateException(CRD_RESOURCE + " is not on the classpath");
            }
            return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True for a document this validator checks. */
    public static boolean isGuestRedemptionReset(ManifestDocument document) {
        return document.kind().equals(KIND) && document.apiVersion().startsWith(GROUP + "/");
    }

    public Result validate(ManifestReader.Manifests manifests, String defaultNamespace) {
        List<ManifestProblem> atApply = new ArrayList<>(manifests.unreadable());
        List<ManifestProblem> byOperator = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        Map<String, ManifestDocument> seen = new HashMap<>();
        int checked = 0;
        int others = 0;
        for (ManifestDocument document : manifests.documents()) {
            if (!isGuestRedemptionReset(document)) {
                others++;
                continue;
            }
            checked++;
            List<ManifestProblem> refused = new ArrayList<>(duplicate(document, defaultNamespace, seen));
            Optional<GuestRedemptionReset> resource = apiServerChecks(document, refused);
            atApply.addAll(refused);
            if (refused.isEmpty() && resource.isPresent()) {
                accepted.add(new Accepted(document, resource.get()));
                byOperator.addAll(operatorChecks(document, resource.get()));
            }
        }
        return new Result(List.copyOf(accepted), List.copyOf(atApply), List.copyOf(byOperator), checked, others);
    }

    /** The API server's checks; returns the resource when it would store it. */
    private Optional<GuestRedemptionReset> apiServerChecks(ManifestDocument document, List<ManifestProblem> problems) {
        metadataProblems(document).forEach(problems::add);
        StructuralSchema schema = schemasByVersion.get(document.apiVersion());
        if (schema == null) {
            problems.add(problem(document, "apiVersion", "no served version " + document.apiVersion() + " of " + KIND
                    + "; served: " + String.join(", ", schemasByVersion.keySet())));
            return Optional.empty();
        }
        SchemaCheck result = schema.checkObject(document.content());
        result.unknownFields().forEach(field -> problems.add(problem(document, field, "unknown field \"" + field + "\"")));
        for (FieldError error : result.errors()) {
            if (error.field().equals("<nil>")) {
                continue; // "some rules were not checked": the errors that caused it are reported themselves
            }
            problems.add(problem(document, error.field(), error.detail()));
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(JSON.convertValue(withoutStatus(result.pruned()), GuestRedemptionReset.class));
    }

    /** The operator's own spec checks, then the extra checks, on a resource the API server would store. */
    private List<ManifestProblem> operatorChecks(ManifestDocument document, GuestRedemptionReset resource) {
        List<ManifestProblem> problems = new ArrayList<>();
        for (SpecProblem specProblem : SpecValidator.validate(resource.getSpec())) {
            problems.add(problem(document, specProblem.field(), specProblem.message()));
        }
        if (problems.isEmpty()) {
            extraChecks.forEach(extra -> problems.addAll(extra.check(document, resource)));
        }
        return problems;
    }

    /** A status in a manifest is ignored by the API server (status subresource), so it is here. */
    private static JsonNode withoutStatus(JsonNode object) {
        JsonNode copy = object.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("status");
        return copy;
    }

    private static List<ManifestProblem> metadataProblems(ManifestDocument document) {
        List<ManifestProblem> problems = new ArrayList<>();
        String name = document.name();
        if (name.isEmpty()) {
            problems.add(problem(document, "metadata.name", "Required value: name is required"));
        } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            problems.add(problem(document, "metadata.name", "Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain "
                    + "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
                    + "alphanumeric character"));
        }
        String namespace = document.namespace();
        if (namespace != null && (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches())) {
            problems.add(problem(document, "metadata.namespace", "Invalid value: \"" + namespace + "\": a lowercase RFC 1123 "
                    + "label must consist of lower case alphanumeric characters or '-'"));
        }
        return problems;
    }

    /** A second document with the same namespace and name silently replaces the first when applied. */
    private static List<ManifestProblem> duplicate(ManifestDocument document, String defaultNamespace,
                                                   Map<String, ManifestDocument> seen) {
        if (document.name().isEmpty()) {
            return List.of();
        }
        String key = (document.namespace() == null ? defaultNamespace : document.namespace()) + "/" + document.name();
        ManifestDocument first = seen.putIfAbsent(key, document);
        if (first == null) {
            return List.of();
        }
        return List.of(problem(document, "metadata.name", "duplicate: " + key + " is also defined at " + first.file() + ":"
                + first.lineOf("metadata.name") + "; applying both keeps only the last"));
    }

    private static ManifestProblem problem(ManifestDocument document, String field, String message) {
        return new ManifestProblem(document.file(), document.lineOf(field), document.name(), field, message);
    }
}
