package io.guestops.grr.emulator.api;

import io.guestops.grr.emulator.auth.CallerIdentity;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.Tenant;
import io.guestops.grr.emulator.wire.ApiRequest;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** Dispatches an authenticated /v1.0 request to its handler after checking the app's permissions. */
public final class GraphRouter {
    public static final String VERSION_PREFIX = "/v1.0";

    private final Directory directory;
    private final Clock clock;
    private final Supplier<String> graphEndpoint;
    private final Duration replicationLag;
    private final Duration readReplicaLag;
    private final Duration deltaTokenLifetime;
    private final FilterableUsers filterableUsers = new FilterableUsers();

    public GraphRouter(Directory directory, Clock clock, Supplier<String> graphEndpoint, Duration replicationLag,
                       Duration readReplicaLag, Duration deltaTokenLifetime) {
        this.directory = directory;
        this.clock = clock;
        this.graphEndpoint = graphEndpoint;
        this.replicationLag = replicationLag;
        this.readReplicaLag = readReplicaLag;
        this.deltaTokenLifetime = deltaTokenLifetime;
    }

    public ApiResponse route(ApiRequest request, CallerIdentity caller) {
        Tenant tenant = directory.tenant(caller.tenantId()).orElseThrow(() ->
                new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure."));
        GraphContext ctx = new GraphContext(request, caller, tenant, directory, clock, graphEndpoint.get() + VERSION_PREFIX, replicationLag,
                readReplicaLag, deltaTokenLifetime, filterableUsers);
        String path = request.path().substring(VERSION_PREFIX.length());
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        String method = request.method();
        if (segments.length >= 1 && segments[0].equals("users")) {
            if (segments.length == 1) {
                return allow(method, "GET", caller, Permissions.READ_USERS, () -> UsersApi.list(ctx));
            }
            if (segments.length == 2 && isDeltaFunction(segments[1])) {
                return allow(method, "GET", caller, Permissions.READ_USERS, () -> DeltaApi.delta(ctx));
            }
            if (segments.length >= 3 && segments[2].equals("extensions")) {
                return extensions(ctx, method, caller, segments);
            }
            if (segments.length == 3 && MemberGroupsApi.isAction(segments[2])) {
                return allow(method, "POST", Permissions.canCheckMemberGroups(caller), () -> MemberGroupsApi.check(ctx, segments[1]));
            }
            if (segments.length == 2) {
                if (method.equals("PATCH")) {
                    return allow(method, "PATCH", Permissions.canUpdate(caller, UsersApi.patchedProperties(ctx)),
                            () -> UsersApi.patch(ctx, segments[1]));
                }
                return allow(method, "GET", caller, Permissions.READ_USERS, () -> UsersApi.get(ctx, segments[1]));
            }
        }
        if (segments.length == 1 && segments[0].equals("invitations")) {
            return allow(method, "POST", caller, Permissions.INVITE, () -> InvitationsApi.invite(ctx));
        }
        if (segments.length == 1 && segments[0].equals("domains")) {
            return allow(method, "GET", caller, Permissions.READ_DOMAINS, () -> DomainsApi.list(ctx));
        }
        if (path.equals("/roleManagement/directory/roleAssignments")) {
            return allow(method, "GET", caller, Permissions.READ_ROLES, () -> RoleAssignmentsApi.list(ctx));
        }
        throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + (segments.length > 0 ? segments[0] : "") + "'.");
    }

    /**
     * Open extensions on a user take the user's permissions ("Create/Get/Update/Delete open extension",
     * application): User.ReadWrite.All to write, User.Read.All (or User.ReadWrite.All) to read.
     */
    private static ApiResponse extensions(GraphContext ctx, String method, CallerIdentity caller, String[] segments) {
        String user = segments[1];
        if (segments.length == 3) {
            return method.equals("POST")
                    ? allow(method, "POST", caller, Permissions.WRITE_USER_EXTENSIONS, () -> ExtensionsApi.create(ctx, user))
                    : allow(method, "GET", caller, Permissions.READ_USERS, () -> ExtensionsApi.list(ctx, user));
        }
        if (segments.length == 4) {
            String name = segments[3];
            return switch (method) {
                case "PATCH" -> allow(method, "PATCH", caller, Permissions.WRITE_USER_EXTENSIONS, () -> ExtensionsApi.update(ctx, user, name));
                case "DELETE" -> allow(method, "DELETE", caller, Permissions.WRITE_USER_EXTENSIONS, () -> ExtensionsApi.delete(ctx, user, name));
                default -> allow(method, "GET", caller, Permissions.READ_USERS, () -> ExtensionsApi.get(ctx, user, name));
            };
        }
        throw new GraphError(400, "BadRequest", "Resource not found for the segment '" + segments[segments.length - 1] + "'.");
    }

    /** Graph accepts the function with or without parentheses and namespace; the Java SDK sends delta(). */
    public static boolean isDeltaFunction(String segment) {
        return segment.matches("(?i)(microsoft\\.graph\\.)?delta(\\(\\))?");
    }

    private static ApiResponse allow(String method, String expected, CallerIdentity caller, String[] permissions,
                                     Supplier<ApiResponse> handler) {
        return allow(method, expected, caller.hasAnyRole(permissions), handler);
    }

    private static ApiResponse allow(String method, String expected, boolean permitted, Supplier<ApiResponse> handler) {
        if (!method.equals(expected)) {
            throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request uri.");
        }
        if (!permitted) {
            throw GraphError.insufficientPrivileges();
        }
        return handler.get();
    }
}
