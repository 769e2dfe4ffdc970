package io.guestops.grr.embedded.front;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.guestops.grr.embedded.api.CustomResourceType;
import io.guestops.grr.embedded.registry.ApplyConfigurations;
import io.guestops.grr.embedded.registry.JsonMergePatch;
import io.guestops.grr.schema.SchemaCheck;
import io.guestops.grr.schema.StructuralSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the API server does to a write of a custom resource before storing it, and the mock does
 * not: schema validation and pruning of undeclared fields, honouring the request's
 * {@code fieldValidation} (Strict refuses undeclared fields, Warn - the default - and Ignore drop
 * them, Warn with a warning header).
 */
final class CustomResourceWrites {

    /**
     * The body to forward, the object it results in (absent when not judged), and the warnings to
     * pass on; or the Status that refuses the write.
     */
    record Verdict(byte[] body, Optional<JsonNode> result, List<String> warnings, ObjectNode refusal) {
        static Verdict refuse(ObjectNode status) {
            return new Verdict(null, Optional.empty(), List.of(), status);
        }

        static Verdict unjudged(byte[] body) {
            return new Verdict(body, Optional.empty(), List.of(), null);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final CustomResourceType resource;
    private final StructuralSchema schema;

    CustomResourceWrites(CustomResourceType resource) {
        this.resource = resource;
        this.schema = new StructuralSchema(resource.schema());
    }

    /** For PATCH, {@code current} is the stored object (absent when it does not exist). */
    Verdict judge(String method, String contentType, byte[] body, String fieldValidation, String pathName,
                  Optional<JsonNode> current) throws IOException {
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        boolean apply = method.equals("PATCH") && ApplyConfigurations.isApply(mediaType);
        JsonNode submitted = apply ? ApplyConfigurations.parse(body) : json.readTree(body);
        JsonNode result;
        JsonNode toForward;
        if (!method.equals("PATCH")) {
            result = submitted;
            toForward = null;
        } else if (apply) {
            // an apply creates the object when it is absent
            result = current.map(live -> ApplyConfigurations.merge(live, submitted)).orElse(submitted);
            toForward = schema.checkMergePatch(submitted).pruned();
        } else if (current.isEmpty()) {
            return Verdict.unjudged(body);
        } else if (mediaType.equals("application/merge-patch+json")) {
            result = JsonMergePatch.apply(current.get(), submitted);
            toForward = schema.checkMergePatch(submitted).pruned();
        } else if (mediaType.equals("application/json-patch+json")) {
            result = JsonPatch.apply(submitted, current.get());
            toForward = submitted;
        } else {
            // strategic merge patches: the mock refuses them itself (415)
            return Verdict.unjudged(body);
        }
        SchemaCheck check = schema.checkObject(result);
        String kind = resource.type().kind();
        if ("Strict".equals(fieldValidation) && !check.unknownFields().isEmpty()) {
            return Verdict.refuse(Responses.status(400, "BadRequest", kind + " in version \"" + resource.type().version()
                    + "\" cannot be handled as a " + kind + ": strict decoding error: " + describe(check.unknownFields())));
        }
        if (!check.errors().isEmpty()) {
            String name = result.path("metadata").path("name").asText(pathName == null ? "" : pathName);
            return Verdict.refuse(Responses.invalid(resource.type().group(), kind, name, check.errors()));
        }
        List<String> warnings = new ArrayList<>();
        if (!"Ignore".equals(fieldValidation)) {
            check.unknownFields().forEach(f -> warnings.add("unknown field \"" + f + "\""));
        }
        JsonNode forward = toForward == null ? check.pruned() : toForward;
        return new Verdict(json.writeValueAsBytes(forward), Optional.of(check.pruned()), warnings, null);
    }

    private static String describe(List<String> unknownFields) {
        return String.join(", ", unknownFields.stream().map(f -> "unknown field \"" + f + "\"").toList());
    }
}
