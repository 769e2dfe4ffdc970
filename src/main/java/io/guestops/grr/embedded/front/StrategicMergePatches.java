package io.guestops.grr.embedded.front;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * kubectl apply updates built-in types with a strategic merge patch, which the mock refuses. For
 * the built-in types served here (maps and plain lists) a strategic merge patch without
 * directives is a JSON merge patch once the list-order hints are removed; a patch with any other
 * directive ($patch, $retainKeys, $deleteFromPrimitiveList) is not converted.
 */
final class StrategicMergePatches {

    private static final String ORDER_HINT = "$setElementOrder/";

    private StrategicMergePatches() {
    }

    /** The equivalent JSON merge patch, or empty when the patch needs strategic semantics. */
    static Optional<JsonNode> asMergePatch(JsonNode patch) {
        JsonNode copy = patch.deepCopy();
        return withoutOrderHints(copy) ? Optional.of(copy) : Optional.empty();
    }

    private static boolean withoutOrderHints(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!withoutOrderHints(element)) {
                    return false;
                }
            }
            return true;
        }
        if (!node.isObject()) {
            return true;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) node).properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith(ORDER_HINT)) {
                fields.remove();
            } else if (field.getKey().startsWith("$") || !withoutOrderHints(field.getValue())) {
                return false;
            }
        }
        return true;
    }
}
