package io.guestops.grr.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.api.UserJson;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.directory.OpenExtension;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.directory.SeedException;
import io.guestops.grr.emulator.directory.Tenant;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.fault.Faults;
import io.guestops.grr.emulator.journal.Journal;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.wire.ApiRequest;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.Json;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Test-only control paths under /_emulator/. They need NO token: never expose the emulator where
 * untrusted clients can reach it.
 * <ul>
 * <li>GET /_emulator/journal, DELETE /_emulator/journal</li>
 * <li>GET /_emulator/state (no application secrets; each user with its open extensions)</li>
 * <li>POST /_emulator/seed (YAML body replaces the state), POST /_emulator/reset (back to the start seed)</li>
 * <li>GET/POST/DELETE /_emulator/faults (POST body: {"route","method","kind","count","rate","retryAfterSeconds","latencyMillis"})</li>
 * <li>DELETE /_emulator/users/{id} (removal shows up in /users/delta)</li>
 * <li>POST /_emulator/users/{id}/redeem, optional body {"email":"..."}: the guest redeems (externalUserState Accepted)</li>
 * </ul>
 */
public final class AdminApi {
    public static final String PREFIX = "/_emulator";

    private final Directory directory;
    private final Journal journal;
    private final Faults faults;
    private final Consumer<Seed> reseed;
    private final Supplier<Seed> initialSeed;
    private final Clock clock;

    public AdminApi(Directory directory, Journal journal, Faults faults, Consumer<Seed> reseed, Supplier<Seed> initialSeed, Clock clock) {
        this.clock = clock;
        this.directory = directory;
        this.journal = journal;
        this.faults = faults;
        this.reseed = reseed;
        this.initialSeed = initialSeed;
    }

    public ApiResponse handle(ApiRequest request) {
        String path = request.path().substring(PREFIX.length());
        String route = request.method() + " " + path;
        try {
            switch (route) {
                case "GET /journal":
                    return ApiResponse.json(200, journalJson());
                case "DELETE /journal":
                    journal.clear();
                    return ApiResponse.empty(204);
                case "GET /state":
                    return ApiResponse.json(200, stateJson());
                case "POST /seed":
                    reseed.accept(Seed.parse(request.bodyText()));
                    return ApiResponse.empty(204);
                case "POST /reset":
                    reseed.accept(initialSeed.get());
                    return ApiResponse.empty(204);
                case "GET /faults":
                    return ApiResponse.json(200, Json.MAPPER.valueToTree(faults.list()));
                case "POST /faults":
                    faults.add(faultRule(Json.parseBody(request.body())));
                    return ApiResponse.empty(204);
                case "DELETE /faults":
                    faults.clear();
                    return ApiResponse.empty(204);
                default:
                    if (request.method().equals("POST") && path.matches("/users/[^/]+/redeem")) {
                        String id = path.substring("/users/".length(), path.length() - "/redeem".length());
                        String email = request.body().length == 0 ? null : Json.text(Json.parseBody(request.body()), "email");
                        return directory.redeem(id, email, clock.instant()).isPresent() ? ApiResponse.empty(204) : problem(404, "no such user");
                    }
                    if (request.method().equals("DELETE") && path.startsWith("/users/")) {
                        return directory.remove(path.substring("/users/".length())) ? ApiResponse.empty(204) : problem(404, "no such user");
                    }
                    return problem(404, "unknown admin path " + route);
            }
        } catch (SeedException | IllegalArgumentException e) {
            return problem(400, e.getMessage());
        } catch (RuntimeException e) {
            return problem(400, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static ApiResponse problem(int status, String message) {
        return ApiResponse.json(status, Json.object().put("error", message), "application/json");
    }

    private static FaultRule faultRule(JsonNode body) {
        return new FaultRule(Json.text(body, "route"), Json.text(body, "method"), FaultKind.parse(Json.text(body, "kind") == null ? "" : Json.text(body, "kind")),
                body.hasNonNull("count") ? body.get("count").asInt() : null,
                body.hasNonNull("rate") ? body.get("rate").asDouble() : null,
                body.hasNonNull("retryAfterSeconds") ? body.get("retryAfterSeconds").asInt() : null,
                body.hasNonNull("latencyMillis") ? body.get("latencyMillis").asLong() : null);
    }

    private ArrayNode journalJson() {
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (JournalEntry e : journal.entries()) {
            entries.addObject()
                    .put("time", e.time().toString())
                    .put("requestId", e.requestId())
                    .put("clientRequestId", e.clientRequestId())
                    .put("appId", e.appId())
                    .put("method", e.method())
                    .put("path", e.path())
                    .put("requestBody", e.requestBody())
                    .put("status", e.status())
                    .put("effective", e.effective())
                    .put("memberConverted", e.memberConverted())
                    .put("connectionDropped", e.connectionDropped())
                    .put("responseBody", e.responseBody());
        }
        return entries;
    }

    /** A user's open extensions, with the application that created each (Graph counts them per creator). */
    private ArrayNode extensionsJson(String userId) {
        ArrayNode extensions = Json.MAPPER.createArrayNode();
        for (OpenExtension e : directory.extensionsOf(userId)) {
            extensions.addObject().put("extensionName", e.name()).put("creatorAppId", e.creatorAppId())
                    .set("data", Json.MAPPER.valueToTree(e.data()));
        }
        return extensions;
    }

    /** The whole directory as JSON; secrets of applications are left out on purpose. */
    public ObjectNode stateJson() {
        ObjectNode state = Json.object();
        ArrayNode tenants = state.putArray("tenants");
        for (Tenant t : directory.tenants()) {
            tenants.addObject().put("id", t.id()).put("defaultDomain", t.defaultDomain()).put("userCount", t.userCount())
                    .set("domains", Json.MAPPER.valueToTree(t.domains()));
        }
        ArrayNode apps = state.putArray("applications");
        for (Application a : directory.applications()) {
            ObjectNode app = apps.addObject().put("clientId", a.clientId()).put("tenantId", a.tenantId())
                    .put("displayName", a.displayName()).put("secrets", a.secrets().size())
                    .put("certificates", a.certificates().size());
            app.set("federatedCredentials", Json.MAPPER.valueToTree(a.federatedCredentials()));
            app.set("applicationPermissions", Json.array(a.applicationPermissions().stream().sorted().toList()));
        }
        ArrayNode users = state.putArray("users");
        for (DirectoryUser u : directory.users()) {
            ObjectNode user = UserJson.full(u).put("tenantId", u.tenantId());
            user.set("extensions", extensionsJson(u.id()));
            users.add(user);
        }
        ArrayNode invitations = state.putArray("invitations");
        for (InvitationRecord i : directory.invitations()) {
            invitations.addObject().put("id", i.id()).put("tenantId", i.tenantId()).put("invitedUserId", i.invitedUserId())
                    .put("invitedUserEmailAddress", i.invitedUserEmailAddress()).put("resetRedemption", i.resetRedemption())
                    .put("sendInvitationMessage", i.sendInvitationMessage()).put("memberConverted", i.memberConverted())
                    .put("newUserCreated", i.newUserCreated()).put("issuedAt", i.issuedAt().toString());
        }
        ArrayNode roles = state.putArray("roleAssignments");
        for (DirectoryRoleAssignment r : directory.roleAssignments()) {
            roles.addObject().put("id", r.id()).put("tenantId", r.tenantId()).put("principalId", r.principalId())
                    .put("roleDefinitionId", r.roleDefinitionId()).put("directoryScopeId", r.directoryScopeId());
        }
        state.set("groups", Json.MAPPER.valueToTree(directory.groups()));
        return state;
    }
}
