package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.Domain;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /domains: every domain of the caller's tenant, verified or not (the caller filters on
 * {@code isVerified}), all properties unless {@code $select} names some ({@code id} always comes back).
 */
final class DomainsApi {
    private static final List<String> PROPERTIES = List.of("authenticationType", "availabilityStatus", "id",
            "isAdminManaged", "isDefault", "isInitial", "isRoot", "isVerified", "passwordNotificationWindowInDays",
            "passwordValidityPeriodInDays", "supportedServices");

    private DomainsApi() {
    }

    static ApiResponse list(GraphContext ctx) {
        Map<String, String> query = UsersApi.normalizedOptions(ctx.request().query(), Set.of("$select"));
        List<String> selected = selection(query.get("$select"));
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#domains");
        ArrayNode value = body.putArray("value");
        for (Domain domain : ctx.tenant().domains()) {
            ObjectNode full = full(domain);
            ObjectNode item = value.addObject();
            selected.forEach(property -> item.set(property, full.get(property)));
        }
        return ApiResponse.json(200, body);
    }

    /** Values Graph shows for a managed (cloud) domain; supportedServices is an emulator choice. */
    private static ObjectNode full(Domain domain) {
        ObjectNode node = Json.object()
                .put("authenticationType", "Managed")
                .putNull("availabilityStatus")
                .put("id", domain.name())
                .put("isAdminManaged", true)
                .put("isDefault", domain.isDefault())
                .put("isInitial", domain.initial())
                .put("isRoot", true)
                .put("isVerified", domain.verified())
                .put("passwordNotificationWindowInDays", 14)
                .put("passwordValidityPeriodInDays", 2147483647);
        node.set("supportedServices", Json.array(domain.verified() ? List.of("Email", "OfficeCommunicationsOnline") : List.of()));
        return node;
    }

    private static List<String> selection(String select) {
        if (select == null || select.isBlank()) {
            return PROPERTIES;
        }
        List<String> chosen = new ArrayList<>(List.of("id"));
        for (String raw : select.split(",")) {
            String name = PROPERTIES.stream().filter(p -> p.equalsIgnoreCase(raw.trim())).findFirst()
                    .orElseThrow(() -> new GraphError(400, "Request_BadRequest",
                            "Parsing OData Select and Expand failed: Could not find a property named '" + raw.trim() + "' on type 'microsoft.graph.domain'."));
            if (!chosen.contains(name)) {
                chosen.add(name);
            }
        }
        return chosen;
    }
}
