package io.guestops.grr.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A CRD's openAPIV3Schema applied as the API server applies it to custom resources: fields the
 * schema does not declare are found (and pruned); types, required fields, enums, the value limits
 * (pattern, lengths, item counts) and the {@code x-kubernetes-validations} CEL rules are checked.
 * apiVersion, kind and metadata are the server's business and are left alone.
 * <p>
 * As in Kubernetes, the rules see the pruned object, a rule is skipped where its value is absent,
 * and no rule runs while the object has a wrong type or an unsupported enum value.
 */
public final class StructuralSchema {

    private static final Set<String> SERVER_OWNED_ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
    /**
     * Errors after which the API server does not evaluate CEL rules (apiextensions' hasBlockingErr):
     * a wrong type, an unsupported enum value, a missing required field, a value over maxLength or
     * maxItems. The rules' input would not be well formed, or would cost more than was estimated.
     */
    private static final Set<String> BLOCKING_REASONS = Set.of("FieldValueTypeInvalid", "FieldValueNotSupported",
            "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany");

    private final JsonNode schema;
    private final ValueLimits limits = new ValueLimits();
    private final ValidationRules rules;

    /** @throws IllegalArgumentException when a validation rule does not compile (the API server refuses such a CRD) */
    public StructuralSchema(JsonNode openApiV3Schema) {
        this.schema = openApiV3Schema;
        this.rules = new ValidationRules(openApiV3Schema);
    }

    /** Checks a whole object (create, update, or the result of a patch). */
    public SchemaCheck checkObject(JsonNode object) {
        return new Walk(false).run(object);
    }

    /**
     * Prunes a JSON merge patch: only unknown fields are looked for; nulls (deletions) and missing
     * required fields are fine in a patch.
     */
    public SchemaCheck checkMergePatch(JsonNode patch) {
        return new Walk(true).run(patch);
    }

    private final class Walk {
        private final boolean patch;
        private final List<String> unknown = new ArrayList<>();
        private final List<FieldError> errors = new ArrayList<>();
        private final List<Runnable> ruleChecks = new ArrayList<>();

        Walk(boolean patch) {
            this.patch = patch;
        }

        SchemaCheck run(JsonNode object) {
            JsonNode copy = object.deepCopy();
            if (copy.isObject()) {
                queueRules(copy, schema, "<root>");
                checkObjectFields((ObjectNode) copy, schema, "", true);
                runRules();
            } else {
                errors.add(new FieldError("<root>", "FieldValueTypeInvalid", "must be an object"));
            }
            return new SchemaCheck(copy, List.copyOf(unknown), List.copyOf(errors));
        }

        /** Returns false when the value must be dropped (a null the schema does not allow). */
        private boolean check(JsonNode value, JsonNode fieldSchema, String path) {
            if (value.isNull()) {
                return patch || fieldSchema.path("nullable").asBoolean(false);
            }
            String expected = fieldSchema.path("type").asText("");
            if (!expected.isEmpty() && !hasType(value, expected)) {
                String actual = jsonType(value);
                errors.add(new FieldError(path, "FieldValueTypeInvalid", "Invalid value: \"" + actual + "\": "
                        + path + " in body must be of type " + expected + ": \"" + actual + "\""));
                return true;
            }
            checkEnum(value, fieldSchema, path);
            if (!patch) {
                errors.addAll(limits.check(value, fieldSchema, path));
            }
            queueRules(value, fieldSchema, path);
            if (value.isObject()) {
                checkObjectFields((ObjectNode) value, fieldSchema, path, false);
            } else if (value.isArray() && fieldSchema.has("items")) {
                ArrayNode array = (ArrayNode) value;
                for (int i = 0; i < array.size(); i++) {
                    check(array.get(i), fieldSchema.get("items"), path + "[" + i + "]");
                }
            }
            return true;
        }

        private void checkObjectFields(ObjectNode object, JsonNode objectSchema, String path, boolean root) {
            JsonNode properties = objectSchema.path("properties");
            JsonNode additional = objectSchema.path("additionalProperties");
            boolean preserveUnknown = objectSchema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                if (root && SERVER_OWNED_ROOT_FIELDS.contains(name)) {
                    continue;
                }
                JsonNode fieldSchema = properties.get(name);
                if (fieldSchema == null && additional.isObject()) {
                    fieldSchema = additional;
                }
                if (fieldSchema != null) {
                    if (!check(field.getValue(), fieldSchema, fieldPath)) {
                        fields.remove();
                    }
                } else if (!preserveUnknown && !additional.asBoolean(false)) {
                    unknown.add(fieldPath);
                    fields.remove();
                }
            }
            if (!patch) {
                objectSchema.path("required").forEach(required -> {
                    if (!object.has(required.asText())) {
                        String fieldPath = path.isEmpty() ? required.asText() : path + "." + required.asText();
                        errors.add(new FieldError(fieldPath, "FieldValueRequired", "Required value"));
                    }
                });
            }
        }

        /** Rules run once the whole object is walked: they see it pruned, and only if it is well typed. */
        private void queueRules(JsonNode value, JsonNode nodeSchema, String path) {
            if (!patch && rules.at(nodeSchema)) {
                ruleChecks.add(() -> errors.addAll(rules.evaluate(nodeSchema, value, path)));
            }
        }

        private void runRules() {
            if (patch || !rules.any()) {
                return;
            }
            if (errors.stream().anyMatch(e -> BLOCKING_REASONS.contains(e.reason()))) {
                errors.add(new FieldError("<nil>", "FieldValueInvalid", "Invalid value: null: some validation rules "
                        + "were not checked because the object was invalid; correct the existing errors to complete validation"));
                return;
            }
            ruleChecks.forEach(Runnable::run);
        }

        private void checkEnum(JsonNode value, JsonNode fieldSchema, String path) {
            JsonNode allowed = fieldSchema.path("enum");
            if (allowed.isArray() && !allowed.isEmpty()
                    && StreamSupport.stream(allowed.spliterator(), false).noneMatch(value::equals)) {
                String supported = StreamSupport.stream(allowed.spliterator(), false)
                        .map(JsonNode::toString).collect(Collectors.joining(", "));
                errors.add(new FieldError(path, "FieldValueNotSupported",
                        "Unsupported value: " + value + ": supported values: " + supported));
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            default -> true;
        };
    }

    private static String jsonType(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        return value.isNumber() ? "number" : "null";
    }
}
