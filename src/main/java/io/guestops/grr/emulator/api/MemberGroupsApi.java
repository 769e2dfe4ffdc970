package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * POST /users/{id | userPrincipalName}/checkMemberGroups with {"groupIds": [...]} (at most 20):
 * answers which of those groups the user is a member of, directly or through nested groups.
 * Group ids that do not exist are simply not in the answer; a malformed id fails the whole request.
 */
final class MemberGroupsApi {
    static final int MAX_GROUP_IDS = 20;
    private static final Pattern ACTION = Pattern.compile("(?i)(microsoft\\.graph\\.)?checkMemberGroups");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private MemberGroupsApi() {
    }

    /** Graph accepts the action with or without its namespace. */
    static boolean isAction(String segment) {
        return ACTION.matcher(segment).matches();
    }

    static ApiResponse check(GraphContext ctx, String idOrUpn) {
        UsersApi.normalizedOptions(ctx.request().query(), Set.of());
        Set<String> requested = groupIds(Json.parseBody(ctx.request().body()));
        DirectoryUser user = UsersApi.find(ctx, idOrUpn);
        Set<String> memberOf = new LinkedHashSet<>();
        ctx.directory().transitiveGroupsOf(ctx.tenantId(), user.id()).forEach(id -> memberOf.add(id.toLowerCase(Locale.ROOT)));
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#Collection(Edm.String)");
        body.set("value", Json.array(requested.stream().filter(id -> memberOf.contains(id.toLowerCase(Locale.ROOT))).toList()));
        return ApiResponse.json(200, body);
    }

    private static Set<String> groupIds(JsonNode body) {
        JsonNode ids = body.isObject() ? body.get("groupIds") : null;
        if (ids == null || !ids.isArray()) {
            throw GraphError.badRequest("The request body must be a JSON object with a 'groupIds' array.");
        }
        if (ids.size() > MAX_GROUP_IDS) {
            throw GraphError.badRequest("Too many group ids: " + ids.size() + ". At most " + MAX_GROUP_IDS + " are allowed per request.");
        }
        Set<String> result = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || !GUID.matcher(id.asText()).matches()) {
                throw GraphError.badRequest("Invalid object identifier '" + id.asText() + "'.");
            }
            result.add(id.asText());
        }
        return result;
    }
}
