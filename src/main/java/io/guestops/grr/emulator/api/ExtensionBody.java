package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The request body of an open extension write, checked as Graph documents it ("Create open
 * extension", "Update open extension"): {@code @odata.type} microsoft.graph.openTypeExtension (with or
 * without '#'), an {@code extensionName}, and custom data of primitive values or arrays of them.
 */
record ExtensionBody(String extensionName, Map<String, Object> data) {

    static final String OPEN_TYPE = "microsoft.graph.openTypeExtension";

    /**
     * Documented: at most 2 KB per open extension on a directory object ("Add custom data to
     * resources using extensions", limits). What counts is not documented; the emulator measures
     * the UTF-8 JSON of extensionName and the custom data (unconfirmed).
     */
    static final int MAX_BYTES = 2048;

    /** A create: the type and the name are required. */
    static ExtensionBody forCreate(JsonNode body) {
        requireObject(body);
        String type = Json.text(body, "@odata.type");
        if (type == null || !isOpenType(type)) {
            throw GraphError.badRequest("The request body needs \"@odata.type\": \"" + OPEN_TYPE + "\".");
        }
        String name = Json.text(body, "extensionName");
        if (name == null || name.isBlank() || !body.get("extensionName").isTextual()) {
            throw GraphError.badRequest("The request body needs an extensionName.");
        }
        String id = Json.text(body, "id");
        if (id != null && !id.equalsIgnoreCase(name)) {
            // Graph's sample sends id = extensionName; a different id is refused (emulator's choice).
            throw GraphError.badRequest("The id of an open extension on a user must equal its extensionName.");
        }
        return checked(name, body);
    }

    /** An update of {@code name}: type and name may be sent again, but must not differ. */
    static ExtensionBody forUpdate(String name, JsonNode body) {
        requireObject(body);
        String type = Json.text(body, "@odata.type");
        if (type != null && !isOpenType(type)) {
            throw GraphError.badRequest("A resource of type '" + type + "' cannot be written to an open extension.");
        }
        String sentName = Json.text(body, "extensionName");
        if (sentName != null && !sentName.equalsIgnoreCase(name)) {
            throw GraphError.badRequest("The extensionName of an open extension cannot be changed.");
        }
        return checked(name, body);
    }

    private static boolean isOpenType(String type) {
        return (type.startsWith("#") ? type.substring(1) : type).equalsIgnoreCase(OPEN_TYPE);
    }

    private static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw GraphError.badRequest("The request body must be a JSON object of an openTypeExtension.");
        }
    }

    private static ExtensionBody checked(String name, JsonNode body) {
        ExtensionBody extension = new ExtensionBody(name, customData(body));
        int bytes = extension.sizeInBytes();
        if (bytes > MAX_BYTES) {
            throw GraphError.badRequest("The open extension holds " + bytes + " bytes of data; at most "
                    + MAX_BYTES + " are allowed on a directory object.");
        }
        return extension;
    }

    /** Every property but the predefined ones and OData annotations, as plain Java values. */
    private static Map<String, Object> customData(JsonNode body) {
        Map<String, Object> data = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("extensionName") || key.equals("id") || key.contains("@")) {
                continue;
            }
            requirePrimitiveOrArrayOfThem(key, field.getValue());
            data.put(key, Json.MAPPER.convertValue(field.getValue(), Object.class));
        }
        return data;
    }

    private static void requirePrimitiveOrArrayOfThem(String key, JsonNode value) {
        boolean allowed = value.isValueNode()
                || value.isArray() && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isValueNode);
        if (!allowed) {
            throw GraphError.badRequest("Property '" + key + "' of an open extension must be a primitive value or an array of them.");
        }
    }

    /** The extension as Graph answers it: type, name, id (= name on directory objects), then the custom data. */
    static ObjectNode render(String name, Map<String, Object> data) {
        return withData(Json.object().put("@odata.type", "#" + OPEN_TYPE).put("extensionName", name).put("id", name), data);
    }

    private static ObjectNode withData(ObjectNode json, Map<String, Object> data) {
        data.forEach((key, value) -> json.set(key, Json.MAPPER.valueToTree(value)));
        return json;
    }

    private int sizeInBytes() {
        ObjectNode stored = withData(Json.object().put("extensionName", extensionName), data);
        try {
            return Json.MAPPER.writeValueAsString(stored).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot measure an open extension", e);
        }
    }
}
