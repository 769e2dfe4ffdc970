package io.guestops.grr.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The result of checking an object against a structural schema.
 *
 * @param pruned        the object without the fields the schema does not declare
 * @param unknownFields paths of the fields the schema does not declare, e.g. {@code spec.foo}
 * @param errors        type, required, enum, value limit and validation rule violations
 */
public record SchemaCheck(JsonNode pruned, List<String> unknownFields, List<FieldError> errors) {
}
