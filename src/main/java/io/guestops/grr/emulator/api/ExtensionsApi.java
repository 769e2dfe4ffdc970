package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.OpenExtension;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;

/**
 * Open extensions on a user: GET/POST /users/{id}/extensions, GET/PATCH/DELETE
 * /users/{id}/extensions/{name}, as "Create open extension", "Get open extension", "Update open
 * extension", "Delete open extension", "Add custom data to users using open extensions" and the
 * limits in "Add custom data to resources using extensions" describe them. Reads see every write at
 * once (the emulator models replication lag only for the invitation service's view of addresses).
 */
final class ExtensionsApi {

    /** Documented: two open extensions per creator app per directory object. */
    static final int MAX_PER_CREATOR_APP = 2;

    private ExtensionsApi() {
    }

    static ApiResponse list(GraphContext ctx, String userIdOrUpn) {
        refuseQueryOptions(ctx);
        DirectoryUser user = UsersApi.find(ctx, userIdOrUpn);
        ObjectNode body = Json.object().put("@odata.context", context(ctx, user));
        ArrayNode value = body.putArray("value");
        ctx.directory().extensionsOf(user.id()).forEach(e -> value.add(ExtensionBody.render(e.name(), e.data())));
        return ApiResponse.json(200, body);
    }

    static ApiResponse get(GraphContext ctx, String userIdOrUpn, String name) {
        refuseQueryOptions(ctx);
        DirectoryUser user = UsersApi.find(ctx, userIdOrUpn);
        OpenExtension extension = existing(ctx.directory(), user, name);
        ObjectNode body = Json.object().put("@odata.context", context(ctx, user) + "/$entity");
        body.setAll(ExtensionBody.render(extension.name(), extension.data()));
        return ApiResponse.json(200, body);
    }

    static ApiResponse create(GraphContext ctx, String userIdOrUpn) {
        ExtensionBody requested = ExtensionBody.forCreate(Json.parseBody(ctx.request().body()));
        Directory directory = ctx.directory();
        DirectoryUser user;
        synchronized (directory) {
            user = UsersApi.find(ctx, userIdOrUpn);
            if (directory.extension(user.id(), requested.extensionName()).isPresent()) {
                // The status is what the gateway relies on; code and message are unconfirmed (the message
                // is the one Microsoft's own SDK tests expect).
                throw new GraphError(409, "NameAlreadyExists", "An extension already exists with given id.");
            }
            refuseOverTheCreatorLimit(ctx, user);
            directory.putExtension(user.id(), new OpenExtension(requested.extensionName(), ctx.caller().appId(), requested.data()));
        }
        ObjectNode body = Json.object().put("@odata.context", context(ctx, user) + "/$entity");
        body.setAll(ExtensionBody.render(requested.extensionName(), requested.data()));
        return ApiResponse.json(201, body).effective(true);
    }

    /** PATCH replaces the custom data: documented, properties left out of the body are deleted. */
    static ApiResponse update(GraphContext ctx, String userIdOrUpn, String name) {
        ExtensionBody requested = ExtensionBody.forUpdate(name, Json.parseBody(ctx.request().body()));
        Directory directory = ctx.directory();
        synchronized (directory) {
            DirectoryUser user = UsersApi.find(ctx, userIdOrUpn);
            OpenExtension extension = existing(directory, user, name);
            directory.putExtension(user.id(), extension.withData(requested.data()));
        }
        // The user tutorial shows 204; the generic update page shows 200 with the object (for Outlook items).
        return ApiResponse.empty(204).effective(true);
    }

    static ApiResponse delete(GraphContext ctx, String userIdOrUpn, String name) {
        Directory directory = ctx.directory();
        synchronized (directory) {
            DirectoryUser user = UsersApi.find(ctx, userIdOrUpn);
            existing(directory, user, name);
            directory.removeExtension(user.id(), name);
        }
        return ApiResponse.empty(204).effective(true);
    }

    private static OpenExtension existing(Directory directory, DirectoryUser user, String name) {
        return directory.extension(user.id(), name).orElseThrow(() -> GraphError.notFound(name));
    }

    /**
     * The limit is documented; Graph's answer to a third extension is not (a public report quotes
     * "Maximum number of extensions values supported per application is 2."): 400 is the emulator's choice.
     */
    private static void refuseOverTheCreatorLimit(GraphContext ctx, DirectoryUser user) {
        long ownByCaller = ctx.directory().extensionsOf(user.id()).stream()
                .filter(e -> e.creatorAppId().equalsIgnoreCase(ctx.caller().appId())).count();
        if (ownByCaller >= MAX_PER_CREATOR_APP) {
            throw GraphError.badRequest("Maximum number of extensions values supported per application is " + MAX_PER_CREATOR_APP + ".");
        }
    }

    /** Graph takes $filter on id and more here; the operator sends none, so the strict emulator refuses them. */
    private static void refuseQueryOptions(GraphContext ctx) {
        ctx.request().query().keySet().stream().findFirst().ifPresent(option -> {
            throw GraphError.badRequest("Query option '" + option + "' is not supported on open extensions by this emulator.");
        });
    }

    private static String context(GraphContext ctx, DirectoryUser user) {
        return ctx.graphBase() + "/$metadata#users('" + user.id() + "')/extensions";
    }
}
