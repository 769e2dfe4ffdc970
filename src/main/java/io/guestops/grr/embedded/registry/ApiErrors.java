package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.schema.FieldError;

import java.util.List;

/**
 * The Status bodies of k8s.io/apimachinery/pkg/api/errors (NewNotFound, NewAlreadyExists,
 * NewInvalid, NewBadRequest): kubectl prints their message, clients read reason and details.
 */
final class ApiErrors {

    private ApiErrors() {
    }

    /** {@code guestredemptionresets.guestops.io "x" not found}. */
    static ObjectNode notFound(String group, String resource, String name) {
        ObjectNode status = status(404, "NotFound", qualified(resource, group) + " \"" + name + "\" not found");
        details(status, group, resource, name);
        return status;
    }

    /** {@code guestredemptionresets.guestops.io "x" already exists}. */
    static ObjectNode alreadyExists(String group, String resource, String name) {
        ObjectNode status = status(409, "AlreadyExists", qualified(resource, group) + " \"" + name + "\" already exists");
        details(status, group, resource, name);
        return status;
    }

    /** {@code guestredemptionresets.guestops.io "x"}: the object has been modified (a stale resourceVersion). */
    static ObjectNode conflict(String group, String resource, String name) {
        ObjectNode status = status(409, "Conflict", "Operation cannot be fulfilled on " + qualified(resource, group) + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again");
        details(status, group, resource, name);
        return status;
    }

    /** {@code ConfigMap "x" is invalid: metadata.name: Invalid value: ...}, kind qualified by the group. */
    static ObjectNode invalid(String group, String kind, String name, List<FieldError> errors) {
        String joined = errors.size() == 1 ? errors.get(0).message()
                : "[" + String.join(", ", errors.stream().map(FieldError::message).toList()) + "]";
        ObjectNode status = status(422, "Invalid", qualified(kind, group) + " \"" + name + "\" is invalid: " + joined);
        ObjectNode details = details(status, group, kind, name);
        ArrayNode causes = details.putArray("causes");
        errors.forEach(e -> causes.addObject().put("reason", e.reason()).put("message", e.detail()).put("field", e.field()));
        return status;
    }

    static ObjectNode badRequest(String message) {
        return status(400, "BadRequest", message);
    }

    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return status;
    }

    private static ObjectNode details(ObjectNode status, String group, String kind, String name) {
        ObjectNode details = status.putObject("details");
        details.put("name", name);
        if (!group.isEmpty()) {
            details.put("group", group);
        }
        details.put("kind", kind);
        return details;
    }

    private static String qualified(String resourceOrKind, String group) {
        return group.isEmpty() ? resourceOrKind : resourceOrKind + "." + group;
    }
}
