package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** GET /users, GET /users/{id}, PATCH /users/{id}. */
final class UsersApi {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 999;
    private static final Set<String> LIST_OPTIONS = Set.of("$filter", "$select", "$top", "$skiptoken", "$count");
    private static final Set<String> WRITABLE = Set.of("mail", "otherMails", "displayName");
    static final int MAX_OTHER_MAILS = 250;
    static final int MAX_OTHER_MAIL_LENGTH = 250;

    private UsersApi() {
    }

    static ApiResponse get(GraphContext ctx, String idOrUpn) {
        for (String option : ctx.request().query().keySet()) {
            if (!option.equalsIgnoreCase("$select")) {
                throw GraphError.badRequest("Query option '" + option + "' is not supported on a single user by this emulator.");
            }
        }
        String select = ctx.request().queryParam("$select");
        List<String> properties = UserJson.selection(select);
        DirectoryUser user = ctx.directory().asReplicaSees(find(ctx, idOrUpn), ctx.now());
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#users" + UserJson.contextSuffix(select) + "/$entity");
        body.setAll(UserJson.project(user, properties));
        return ApiResponse.json(200, body);
    }

    static DirectoryUser find(GraphContext ctx, String idOrUpn) {
        return ctx.directory().user(ctx.tenantId(), idOrUpn)
                .or(() -> ctx.directory().users(ctx.tenantId()).stream()
                        .filter(u -> idOrUpn.equalsIgnoreCase(u.userPrincipalName())).findFirst())
                .orElseThrow(() -> GraphError.notFound(idOrUpn));
    }

    static ApiResponse list(GraphContext ctx) {
        Map<String, String> query = normalizedOptions(ctx.request().query(), LIST_OPTIONS);
        boolean eventual = "eventual".equalsIgnoreCase(ctx.request().header("ConsistencyLevel"));
        boolean count = query.containsKey("$count");
        if (count && !"true".equalsIgnoreCase(query.get("$count")) && !"false".equalsIgnoreCase(query.get("$count"))) {
            throw GraphError.badRequest("Invalid value for $count: '" + query.get("$count") + "'.");
        }
        // Without ConsistencyLevel: eventual, Graph "silently ignores the $count query parameter"
        // (https://learn.microsoft.com/graph/aad-advanced-queries#error-handling-for-advanced-queries-on-directory-objects).
        count = eventual && "true".equalsIgnoreCase(query.get("$count"));
        UserFilter filter = UserFilter.parse(query.get("$filter"));
        UserQueryLimits.check(ctx, filter, count, query.containsKey("$skiptoken"));
        String select = query.get("$select");
        List<String> properties = UserJson.selection(select);
        for (String property : properties) {
            if (GraphUserProperties.SINGLE_USER_ONLY.contains(property)) {
                // The status is documented; the code and wording are the emulator's.
                throw new GraphError(501, "NotImplemented", "Property '" + property + "' can only be selected on a single user.");
            }
        }
        int top = pageSize(query.get("$top"));
        int offset = query.containsKey("$skiptoken") ? PageToken.decode(query.get("$skiptoken"), "$skiptoken").path("offset").asInt() : 0;

        List<DirectoryUser> matching = ctx.directory().users(ctx.tenantId()).stream().map(u -> ctx.directory().asReplicaSees(u, ctx.now()))
                .filter(u -> ctx.filterableUsers().matches(u, filter)).toList();
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#users" + UserJson.contextSuffix(select));
        if (count) {
            body.put("@odata.count", matching.size());
        }
        int end = Math.min(matching.size(), offset + top);
        if (end < matching.size()) {
            Map<String, String> next = new LinkedHashMap<>(query);
            next.put("$skiptoken", PageToken.encode(Json.object().put("offset", end)));
            body.put("@odata.nextLink", ctx.graphBase() + "/users?" + PageToken.query(next));
        }
        ArrayNode value = body.putArray("value");
        for (DirectoryUser user : matching.subList(Math.min(offset, end), end)) {
            value.add(UserJson.project(user, properties));
        }
        return ApiResponse.json(200, body);
    }

    /** OData option names are case-insensitive; unknown $options are refused rather than ignored. */
    static Map<String, String> normalizedOptions(Map<String, String> raw, Set<String> allowed) {
        Map<String, String> result = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (!allowed.contains(key)) {
                throw GraphError.badRequest("Query option '" + k + "' is not supported by this emulator on this resource.");
            }
            result.put(key, v);
        });
        return result;
    }

    static int pageSize(String top) {
        if (top == null) {
            return DEFAULT_PAGE;
        }
        try {
            int value = Integer.parseInt(top);
            if (value >= 1 && value <= MAX_PAGE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GraphError.badRequest("Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.");
    }

    /** The property names a PATCH body sets, for the permission check; none when it is not a JSON object. */
    static Set<String> patchedProperties(GraphContext ctx) {
        Set<String> names = new java.util.LinkedHashSet<>();
        try {
            Json.parseBody(ctx.request().body()).fieldNames().forEachRemaining(names::add);
        } catch (GraphError unreadable) {
            // The body is refused after the permission check, as Graph authorizes first.
        }
        return names;
    }

    static ApiResponse patch(GraphContext ctx, String idOrUpn) {
        JsonNode body = Json.parseBody(ctx.request().body());
        if (!body.isObject()) {
            throw GraphError.badRequest("The request body must be a JSON object of user properties.");
        }
        validatePatch(body);
        Directory directory = ctx.directory();
        synchronized (directory) {
            DirectoryUser before = find(ctx, idOrUpn);
            RoleHolderUpdates.check(ctx, before, patchedProperties(ctx));
            DirectoryUser after = before;
            if (body.has("displayName")) {
                after = after.withDisplayName(body.get("displayName").asText());
            }
            if (body.has("otherMails")) {
                List<String> otherMails = new ArrayList<>();
                body.get("otherMails").forEach(v -> otherMails.add(v.asText()));
                after = after.withOtherMails(otherMails);
            }
            if (body.has("mail")) {
                after = withMail(ctx, after, body.get("mail").asText());
            }
            boolean changed = !after.equals(before);
            if (changed) {
                directory.put(after);
                boolean emailsChanged = !java.util.Objects.equals(before.mail(), after.mail()) || !before.otherMails().equals(after.otherMails());
                if (emailsChanged && !ctx.replicationLag().isZero()) {
                    directory.lagEmails(before, ctx.now().plus(ctx.replicationLag()));
                }
                if (emailsChanged && !ctx.readReplicaLag().isZero()) {
                    directory.lagReads(before, ctx.now(), ctx.now().plus(ctx.readReplicaLag()));
                }
            }
            return ApiResponse.empty(204).effective(changed);
        }
    }

    private static void validatePatch(JsonNode body) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equals("@odata.type")) {
                // The Graph SDK serializes its model type; anything else is a different resource.
                if (!"#microsoft.graph.user".equals(body.get(name).asText())) {
                    throw GraphError.badRequest("A resource of type '" + body.get(name).asText() + "' cannot be written to a user.");
                }
                continue;
            }
            if (!WRITABLE.contains(name)) {
                boolean known = GraphUserProperties.named(name).isPresent();
                throw GraphError.badRequest(known
                        ? "Property '" + name + "' cannot be changed through this emulator (writable: displayName, mail, otherMails)."
                        : "Property '" + name + "' does not exist as a declared property or extension property.");
            }
        }
        if (body.has("mail")) {
            JsonNode mail = body.get("mail");
            if (!mail.isTextual() || !mail.asText().matches("[^@\\s]+@[^@\\s]+")) {
                throw GraphError.badRequest("Invalid value specified for property 'mail' of resource 'User'.");
            }
        }
        if (body.has("displayName")) {
            JsonNode name = body.get("displayName");
            if (!name.isTextual() || name.asText().isBlank()) {
                throw GraphError.badRequest("Invalid value specified for property 'displayName' of resource 'User'.");
            }
        }
        if (body.has("otherMails")) {
            JsonNode otherMails = body.get("otherMails");
            if (!otherMails.isArray()) {
                throw GraphError.badRequest("Invalid value specified for property 'otherMails' of resource 'User'.");
            }
            if (otherMails.size() > MAX_OTHER_MAILS) {
                throw GraphError.badRequest("Invalid value specified for property 'otherMails' of resource 'User': at most "
                        + MAX_OTHER_MAILS + " values are allowed.");
            }
            for (JsonNode value : otherMails) {
                if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_OTHER_MAIL_LENGTH) {
                    throw GraphError.badRequest("Invalid value specified for property 'otherMails' of resource 'User': each value must be a string of 1 to "
                            + MAX_OTHER_MAIL_LENGTH + " characters.");
                }
            }
        }
    }

    /**
     * A new mail becomes the primary SMTP proxy address; the old primary is dropped (an emulator
     * choice: Entra's exact proxyAddresses bookkeeping for guests is not documented).
     */
    private static DirectoryUser withMail(GraphContext ctx, DirectoryUser user, String mail) {
        if (mail.equalsIgnoreCase(user.mail())) {
            return user.withMail(mail, user.proxyAddresses());
        }
        if (ctx.directory().addressOwner(ctx.tenantId(), mail, user.id()).isPresent()) {
            throw GraphError.badRequest("Another object with the same value for property proxyAddresses already exists.");
        }
        List<String> proxies = new ArrayList<>();
        proxies.add("SMTP:" + mail);
        for (String proxy : user.proxyAddresses()) {
            if (!proxy.startsWith("SMTP:") && !proxy.equalsIgnoreCase("smtp:" + mail)) {
                proxies.add(proxy);
            }
        }
        return user.withMail(mail, proxies);
    }
}
