package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /users/delta. A round starts without tokens and pages through every (matching) user; its
 * last page carries a deltaLink whose token is the directory's change sequence at the start of
 * the round. Following that link returns users changed after it, and removed users as
 * {"id":..., "@removed":{"reason":"changed"}}. $select and the id filter travel inside the tokens.
 * A deltaLink carries when it was issued: past the configured lifetime (Graph: seven days for
 * users), or when it cannot be read, it answers 410 Gone with syncStateNotFound, and the client
 * must start a new round (https://learn.microsoft.com/graph/delta-query-overview).
 */
final class DeltaApi {
    private static final Set<String> OPTIONS = Set.of("$select", "$filter", "$skiptoken", "$deltatoken", "$top");
    /** Page size of a round (an emulator choice: Graph's varies with the resource and the changes). */
    private static final int PAGE_SIZE = 100;
    private static final Pattern ID_FILTER = Pattern.compile(
            "^\\s*id\\s+eq\\s+'[^']*'(\\s+or\\s+id\\s+eq\\s+'[^']*')*\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ID_VALUE = Pattern.compile("'([^']*)'");
    private static final int MAX_IDS = 50;

    private DeltaApi() {
    }

    /** @param issuedAt when the deltaLink carrying this round was issued (epoch ms); 0 in skip tokens */
    private record Round(String tenantId, String select, List<String> ids, long since, long upTo, int offset, int pageSize,
                         long issuedAt) {
        ObjectNode toJson() {
            ObjectNode node = Json.object().put("t", tenantId).put("s", select).put("from", since).put("to", upTo)
                    .put("o", offset).put("p", pageSize).put("at", issuedAt);
            node.set("ids", Json.array(ids));
            return node;
        }

        static Round fromJson(JsonNode node) {
            List<String> ids = new ArrayList<>();
            node.path("ids").forEach(i -> ids.add(i.asText()));
            return new Round(node.path("t").asText(), node.path("s").isNull() ? null : node.path("s").asText(null), ids,
                    node.path("from").asLong(), node.path("to").asLong(), node.path("o").asInt(), node.path("p").asInt(100), node.path("at").asLong());
        }
    }

    static ApiResponse delta(GraphContext ctx) {
        Map<String, String> query = UsersApi.normalizedOptions(ctx.request().query(), OPTIONS);
        if (query.containsKey("$top")) {
            // "For the user and group resources ... $top is not supported":
            // https://learn.microsoft.com/graph/delta-query-overview#optional-query-parameters. Refused
            // rather than ignored, so that nothing here can come to depend on it.
            throw GraphError.unsupportedQuery("Unsupported query: $top is not supported on /users/delta.");
        }
        Round round = round(ctx, query);
        List<String> properties = UserJson.selection(round.select());
        Directory directory = ctx.directory();
        List<JsonNode> items = new ArrayList<>();
        int total;
        synchronized (directory) {
            // Users are projected to JSON for the requested page only: a round pages through the
            // tenant, and projecting every user for every page would make it quadratic.
            record Change(long seq, DirectoryUser user, String removedId) {
                JsonNode body(List<String> properties) {
                    if (user != null) {
                        return UserJson.project(user, properties);
                    }
                    ObjectNode gone = Json.object().put("id", removedId);
                    gone.putObject("@removed").put("reason", "changed");
                    return gone;
                }
            }
            List<Change> changes = new ArrayList<>();
            for (DirectoryUser user : directory.users(round.tenantId())) {
                long seq = directory.changeSeqOf(user.id());
                if (seq > round.since() && seq <= round.upTo() && wanted(round, user.id())) {
                    changes.add(new Change(seq, user, null));
                }
            }
            if (round.since() > 0) {
                for (Directory.Removed removed : directory.removedSince(round.tenantId(), round.since())) {
                    if (removed.seq() <= round.upTo() && wanted(round, removed.id())) {
                        changes.add(new Change(removed.seq(), null, removed.id()));
                    }
                }
            }
            changes.sort(Comparator.comparingLong(Change::seq));
            total = changes.size();
            int pageEnd = Math.min(total, round.offset() + round.pageSize());
            changes.subList(Math.min(round.offset(), pageEnd), pageEnd).forEach(c -> items.add(c.body(properties)));
        }
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#users" + UserJson.contextSuffix(round.select()));
        int end = Math.min(total, round.offset() + round.pageSize());
        if (end < total) {
            Round next = new Round(round.tenantId(), round.select(), round.ids(), round.since(), round.upTo(), end, round.pageSize(), 0);
            body.put("@odata.nextLink", ctx.graphBase() + "/users/delta?$skiptoken=" + PageToken.encode(next.toJson()));
        } else {
            Round following = new Round(round.tenantId(), round.select(), round.ids(), round.upTo(), 0, 0, round.pageSize(),
                    ctx.now().toEpochMilli());
            body.put("@odata.deltaLink", ctx.graphBase() + "/users/delta?$deltatoken=" + PageToken.encode(following.toJson()));
        }
        ArrayNode value = body.putArray("value");
        items.forEach(value::add);
        return ApiResponse.json(200, body);
    }

    private static boolean wanted(Round round, String id) {
        return round.ids().isEmpty() || round.ids().stream().anyMatch(id::equalsIgnoreCase);
    }

    private static Round round(GraphContext ctx, Map<String, String> query) {
        long now = ctx.directory().currentChangeSeq();
        if (query.containsKey("$skiptoken") || query.containsKey("$deltatoken")) {
            if (query.containsKey("$select") || query.containsKey("$filter")) {
                throw GraphError.badRequest("$select and $filter cannot be combined with a skip or delta token; they are carried by the token.");
            }
            boolean skip = query.containsKey("$skiptoken");
            String parameter = skip ? "$skiptoken" : "$deltatoken";
            Round round = readToken(query.get(parameter), parameter);
            if (!round.tenantId().equalsIgnoreCase(ctx.tenantId())) {
                throw syncStateNotFound();
            }
            if (skip) {
                return round;
            }
            if (Instant.ofEpochMilli(round.issuedAt()).plus(ctx.deltaTokenLifetime()).isBefore(ctx.now())) {
                throw syncStateNotFound();
            }
            // A deltaLink starts a new round: changes from its sequence up to now.
            return new Round(round.tenantId(), round.select(), round.ids(), round.since(), now, 0, round.pageSize(), 0);
        }
        String select = query.get("$select");
        UserJson.selection(select);
        return new Round(ctx.tenantId(), select, ids(query.get("$filter")), 0, now, 0, PAGE_SIZE, 0);
    }

    private static Round readToken(String token, String parameter) {
        try {
            return Round.fromJson(PageToken.decode(token, parameter));
        } catch (GraphError unreadable) {
            throw syncStateNotFound();
        }
    }

    /**
     * An expired or unknown state token: 410 Gone with syncStateNotFound, the answer the delta query
     * overview tells clients to meet with a new round; the message is Graph's (Microsoft 365 Developer
     * Blog, "Duration of change tracking tokens for identity and education resources").
     */
    static GraphError syncStateNotFound() {
        return new GraphError(410, "syncStateNotFound",
                "The sync state generation is not found. The delta token is expired and data must be synchronized again.");
    }

    private static List<String> ids(String filter) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        if (!ID_FILTER.matcher(filter).matches()) {
            throw GraphError.unsupportedQuery("Unsupported query: /users/delta only supports $filter on id with eq, combined with or.");
        }
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ID_VALUE.matcher(filter);
        while (m.find()) {
            ids.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        if (ids.size() > MAX_IDS) {
            throw GraphError.unsupportedQuery("Unsupported query: at most " + MAX_IDS + " ids can be given in a /users/delta filter.");
        }
        return new ArrayList<>(ids);
    }

}
