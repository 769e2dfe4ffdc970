package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
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
 * and $select of its properties (id is always returned, as Graph does).
 */
final class RoleAssignmentsApi {
    private static final List<String> PROPERTIES = List.of("id", "principalId", "directoryScopeId", "roleDefinitionId");
    private static final Pattern FILTER = Pattern.compile("^\\s*(principalId|roleDefinitionId)\\s+eq\\s+'([^']*)'\\s*$", Pattern.CASE_INSENSITIVE);

    private RoleAssignmentsApi() {
    }

    static ApiResponse list(GraphContext ctx) {
        Map<String, String> query = UsersApi.normalizedOptions(ctx.request().query(), Set.of("$filter", "$select"));
        List<String> selected = selection(query.get("$select"));
        Predicate<DirectoryRoleAssignment> wanted = filter(query.get("$filter"));
        List<DirectoryRoleAssignment> assignments = ctx.directory().roleAssignments(ctx.tenantId()).stream().filter(wanted).toList();
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#roleManagement/directory/roleAssignments");
        ArrayNode value = body.putArray("value");
        for (DirectoryRoleAssignment a : assignments) {
            ObjectNode item = value.addObject();
            Map<String, String> all = Map.of("id", a.id(), "principalId", a.principalId(),
                    "directoryScopeId", a.directoryScopeId(), "roleDefinitionId", a.roleDefinitionId());
            selected.forEach(property -> item.put(property, all.get(property)));
        }
        return ApiResponse.json(200, body);
    }

    private static List<String> selection(String select) {
        if (select == null || select.isBlank()) {
            return PROPERTIES;
        }
        List<String> asked = new java.util.ArrayList<>(List.of("id"));
        for (String property : select.split(",")) {
            String name = PROPERTIES.stream().filter(p -> p.equalsIgnoreCase(property.trim())).findFirst()
                    .orElseThrow(() -> GraphError.badRequest("Could not find a property named '" + property.trim()
                            + "' on type 'microsoft.graph.unifiedRoleAssignment'."));
            if (!asked.contains(name)) {
                asked.add(name);
            }
        }
        return asked;
    }

    private static Predicate<DirectoryRoleAssignment> filter(String filter) {
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
