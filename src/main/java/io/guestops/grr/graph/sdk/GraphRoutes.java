package io.guestops.grr.graph.sdk;

import java.util.List;
import java.util.Locale;

/**
 * Turns the path of a Graph request into its route template ({@code /users/{id}}), the only form in
 * which a path may become a monitoring label: object ids, user principal names and addresses in a
 * path are replaced, and a path outside the known routes is {@link #OTHER}.
 */
public final class GraphRoutes {

    /** The token endpoint of Entra ID (and of Azure Identity's other authorities). */
    public static final String TOKEN = "/{tenant}/oauth2/v2.0/token";

    /** Any path that is not one of the routes the gateway uses. */
    public static final String OTHER = "other";

    /** The routes the gateway calls, most specific first ({@code /users/delta} before {@code /users/{id}}). */
    private static final List<String> ROUTES = List.of(
            "/users",
            "/users/delta",
            "/users/{id}",
            "/users/{id}/checkMemberGroups",
            "/users/{id}/extensions",
            "/users/{id}/extensions/{name}",
            "/invitations",
            "/domains",
            "/roleManagement/directory/roleAssignments",
            "/$batch");

    private final String basePath;

    /** @param basePath the path of the Graph base URL, e.g. {@code /v1.0} */
    public GraphRoutes(String basePath) {
        this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /** The route template of a request path (as sent, percent-encoded), or {@link #OTHER}. */
    public String templateOf(String path) {
        if (path == null || !path.startsWith(basePath + "/")) {
            return OTHER;
        }
        String[] segments = path.substring(basePath.length() + 1).split("/", -1);
        for (String route : ROUTES) {
            if (matches(route.substring(1).split("/"), segments)) {
                return route;
            }
        }
        return OTHER;
    }

    /** The route template of a part of a {@code $batch}, whose path is relative to the base URL ({@code /users/abc}). */
    public String templateOfPart(String relativePath) {
        return templateOf(basePath + (relativePath.startsWith("/") ? relativePath : "/" + relativePath));
    }

    private static boolean matches(String[] route, String[] segments) {
        if (route.length != segments.length) {
            return false;
        }
        for (int i = 0; i < route.length; i++) {
            String segment = normalized(segments[i]);
            boolean fits = isVariable(route[i]) ? !segment.isEmpty() : route[i].toLowerCase(Locale.ROOT).equals(segment);
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    /** A segment in braces ({@code {id}}, {@code {name}}) stands for any one non-empty segment. */
    private static boolean isVariable(String routeSegment) {
        return routeSegment.startsWith("{");
    }

    /**
     * Graph compares path segments case-insensitively; an OData function is called with {@code ()}
     * ({@code delta()}), and {@code $} may come percent-encoded.
     */
    private static String normalized(String segment) {
        String lower = segment.toLowerCase(Locale.ROOT).replace("%24", "$");
        return lower.endsWith("()") ? lower.substring(0, lower.length() - 2) : lower;
    }
}
