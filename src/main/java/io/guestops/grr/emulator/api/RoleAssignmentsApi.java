package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.RoleAssignment;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /roleManagement/directory/roleAssignments with $filter principalId eq / roleDefinitionId eq,
 * and $select of the properties it serves (Graph accepts $select here as on other collections).
 */
final class RoleAssignmentsApi {
    private static final Set<String> PROPERTIES = Set.of("id", "principalId", "directoryScopeId", "roleDefinitionId");
    private static final Pattern FILTER = Pattern.compile("^\\s*(principalId|roleDefinitionId)\\s+eq\\s+'([^']*)'\\s*$", Pattern.CASE_INSENSITIVE);

    private RoleAssignmentsApi() {
    }

    static ApiResponse list(GraphContext ctx) {
        Map<String, String> query = UsersApi.normalizedOptions(ctx.request().query(), Set.of("$filter", "$select"));
        Predicate<RoleAssignment> wanted = filter(query.get("$filter"));
        Set<String> selected = selection(query.get("$select"));
        List<RoleAssignment> assignments = ctx.directory().roleAssignments(ctx.tenantId()).stream().filter(wanted).toList();
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#roleManagement/directory/roleAssignments");
        ArrayNode value = body.putArray("value");
        for (RoleAssignment a : assignments) {
            ObjectNode item = value.addObject().put("id", a.id()).put("principalId", a.principalId())
                    .put("directoryScopeId", a.directoryScopeId()).put("roleDefinitionId", a.roleDefinitionId());
            item.retain(selected);
        }
        return ApiResponse.json(200, body);
    }

    /** The properties to return: all without $select; an unknown name is Graph's 400. */
    private static Set<String> selection(String select) {
        if (select == null || select.isBlank()) {
            return PROPERTIES;
        }
        Set<String> names = new java.util.HashSet<>();
        for (String raw : select.split(",")) {
            String name = raw.trim();
            String known = PROPERTIES.stream().filter(p -> p.equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new GraphError(400, "Request_BadRequest",
                            "Parsing OData Select and Expand failed: Could not find a property named '" + name
                                    + "' on type 'microsoft.graph.unifiedRoleAssignment'."));
            names.add(known);
        }
        return names;
    }

    private static Predicate<RoleAssignment> filter(String filter) {
        if (filter == null || filter.isBlank()) {
            return a -> true;
        }
        Matcher m = FILTER.matcher(filter);
        if (!m.matches()) {
            throw GraphError.unsupportedQuery("Unsupported query: only principalId eq '...' or roleDefinitionId eq '...' is supported.");
        }
        String value = m.group(2);
        return m.group(1).equalsIgnoreCase("principalId")
                ? a -> a.principalId().equalsIgnoreCase(value)
                : a -> a.roleDefinitionId().equalsIgnoreCase(value);
    }
}
