package io.guestops.grr.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The value keywords of a structural schema: {@code maxLength}, {@code minLength} and
 * {@code pattern} for strings, {@code maxItems} and {@code minItems} for arrays. Refusals are worded
 * as the API server words them (kube-openapi's message turned into a field error).
 */
final class ValueLimits {

    /** Compiled once per pattern; a CRD has a handful, checked on every write. */
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    List<FieldError> check(JsonNode value, JsonNode schema, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (value.isTextual()) {
            checkString(value, schema, path, errors);
        } else if (value.isArray()) {
            checkArray(value, schema, path, errors);
        }
        return errors;
    }

    private void checkString(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
        String text = value.asText();
        // OpenAPI counts characters, not bytes or UTF-16 units
        int length = text.codePointCount(0, text.length());
        if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
            // the API server's wording since 1.32 says bytes, although maxLength counts characters
            errors.add(new FieldError(path, "FieldValueTooLong",
                    "Too long: may not be more than " + schema.get("maxLength").asLong() + " bytes"));
        }
        if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
            errors.add(invalid(path, value, path + " in body should be at least " + schema.get("minLength").asLong()
                    + " chars long"));
        }
        String pattern = schema.path("pattern").asText("");
        // an OpenAPI pattern matches anywhere in the value unless it anchors itself
        if (!pattern.isEmpty() && !compiled(pattern).matcher(text).find()) {
            errors.add(invalid(path, value, path + " in body should match '" + pattern + "'"));
        }
    }

    private static void checkArray(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
        int size = value.size();
        if (schema.has("maxItems") && size > schema.get("maxItems").asLong()) {
            errors.add(new FieldError(path, "FieldValueTooMany",
                    "Too many: " + size + ": must have at most " + schema.get("maxItems").asLong() + " items"));
        }
        if (schema.has("minItems") && size < schema.get("minItems").asLong()) {
            errors.add(new FieldError(path, "FieldValueInvalid", "Invalid value: " + size + ": " + path
                    + " in body should have at least " + schema.get("minItems").asLong() + " items"));
        }
    }

    private Pattern compiled(String pattern) {
        return patterns.computeIfAbsent(pattern, Pattern::compile);
    }

    /** The API server shows a string value quoted, as Go's %q does. */
    private static FieldError invalid(String path, JsonNode value, String message) {
        return new FieldError(path, "FieldValueInvalid", "Invalid value: " + value + ": " + message);
    }
}
