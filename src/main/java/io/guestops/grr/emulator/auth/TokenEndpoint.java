package io.guestops.grr.emulator.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.Tenant;
import io.guestops.grr.emulator.wire.ApiRequest;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.Json;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the Entra ID (login.microsoftonline.com) surface MSAL needs for the client
 * credentials flow: the v2.0 token endpoint, the tenant's OpenID configuration and instance
 * discovery.
 */
public final class TokenEndpoint {
    private static final Pattern TOKEN = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");
    private static final Pattern OPENID = Pattern.compile("^/([^/]+)/(?:v2\\.0/)?\\.well-known/openid-configuration$");
    private static final String DISCOVERY = "/common/discovery/instance";
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");

    private final Directory directory;
    private final AccessTokens tokens;
    private final Clock clock;
    private final Supplier<String> authorityHost;

    public TokenEndpoint(Directory directory, AccessTokens tokens, Clock clock, Supplier<String> authorityHost) {
        this.directory = directory;
        this.tokens = tokens;
        this.clock = clock;
        this.authorityHost = authorityHost;
    }

    public static boolean handles(String path) {
        return TOKEN.matcher(path).matches() || OPENID.matcher(path).matches() || path.equals(DISCOVERY);
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            Matcher token = TOKEN.matcher(request.path());
            if (token.matches()) {
                if (!request.method().equals("POST")) {
                    throw new EntraError(405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
                }
                return issue(token.group(1), ApiRequest.decodeForm(request.bodyText()));
            }
            Matcher openid = OPENID.matcher(request.path());
            if (openid.matches()) {
                return openIdConfiguration(openid.group(1));
            }
            return instanceDiscovery();
        } catch (EntraError e) {
            return e.render(clock.instant());
        }
    }

    private ApiResponse issue(String tenantSegment, Map<String, String> form) {
        Tenant tenant = directory.tenant(tenantSegment).orElseThrow(() -> new EntraError(400, "invalid_request", 90002,
                "Tenant '" + tenantSegment + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."));
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }
        if (!grantType.equals("client_credentials")) {
            throw new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + grantType + "'.");
        }
        String clientId = form.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        }
        checkScope(form.get("scope"), authorityHost.get());
        Application app = directory.application(clientId)
                .filter(a -> a.tenantId().equalsIgnoreCase(tenant.id()))
                .orElseThrow(() -> new EntraError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                        + "' was not found in the directory '" + tenantSegment + "'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant."));
        authenticateClient(app, tenant, tenantSegment, form);
        String accessToken = tokens.issue(tenant.id(), app.clientId(), app.applicationPermissions());
        ObjectNode body = Json.object()
                .put("token_type", "Bearer")
                .put("expires_in", AccessTokens.LIFETIME.toSeconds())
                .put("ext_expires_in", AccessTokens.LIFETIME.toSeconds())
                .put("access_token", accessToken);
        return ApiResponse.json(200, body, "application/json; charset=utf-8").effective(false);
    }

    /**
     * The emulator serves Graph at its own base URL, as a national cloud serves it at its own host,
     * so it accepts that URL as the resource besides Microsoft's public Graph identifiers.
     */
    private static void checkScope(String scope, String ownGraphEndpoint) {
        if (scope == null || scope.isBlank()) {
            throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
        }
        List<String> resourceScopes = Arrays.stream(scope.trim().split("\\s+")).filter(s -> !OIDC_SCOPES.contains(s)).toList();
        if (resourceScopes.size() != 1 || !resourceScopes.get(0).endsWith("/.default")) {
            throw new EntraError(400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }
        String resource = resourceScopes.get(0).substring(0, resourceScopes.get(0).length() - "/.default".length());
        if (!resource.equals(AccessTokens.GRAPH_AUDIENCE) && !resource.equals(AccessTokens.GRAPH_AUDIENCE + "/")
                && !resource.equals("00000003-0000-0000-c000-000000000000") && !resource.equals(ownGraphEndpoint)) {
            throw new EntraError(400, "invalid_resource", 500011, "The resource principal named " + resource
                    + " was not found in the tenant. (This emulator only serves Microsoft Graph.)");
        }
    }

    private void authenticateClient(Application app, Tenant tenant, String tenantSegment, Map<String, String> form) {
        String secret = form.get("client_secret");
        String assertion = form.get("client_assertion");
        if (secret != null && assertion != null) {
            throw new EntraError(400, "invalid_request", 90014, "Only one client authentication method may be used: client_secret or client_assertion.");
        }
        if (secret != null) {
            byte[] given = secret.getBytes(StandardCharsets.UTF_8);
            boolean known = app.secrets().stream().anyMatch(s -> MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8), given));
            if (!known) {
                throw new EntraError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + app.clientId() + "'.");
            }
            return;
        }
        if (assertion != null) {
            if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
                throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_assertion_type' with value '" + ASSERTION_TYPE + "'.");
            }
            Set<String> audiences = new LinkedHashSet<>();
            for (String segment : List.of(tenantSegment, tenant.id(), tenant.defaultDomain())) {
                audiences.add(authorityHost.get() + "/" + segment + "/oauth2/v2.0/token");
                audiences.add(authorityHost.get() + "/" + segment + "/v2.0");
            }
            ClientAssertions.verify(assertion, app, audiences, clock.instant());
            return;
        }
        throw new EntraError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }

    private ApiResponse openIdConfiguration(String tenantSegment) {
        String host = authorityHost.get();
        String tenantId = directory.tenant(tenantSegment).map(Tenant::id).orElse(tenantSegment);
        ObjectNode body = Json.object()
                .put("token_endpoint", host + "/" + tenantSegment + "/oauth2/v2.0/token")
                .put("jwks_uri", host + "/" + tenantSegment + "/discovery/v2.0/keys")
                .put("issuer", host + "/" + tenantId + "/v2.0")
                .put("authorization_endpoint", host + "/" + tenantSegment + "/oauth2/v2.0/authorize")
                .put("tenant_region_scope", "EU")
                .put("cloud_instance_name", "localhost")
                .put("cloud_graph_host_name", "localhost");
        body.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("private_key_jwt").add("client_secret_basic");
        body.putArray("response_types_supported").add("code").add("id_token").add("code id_token").add("id_token token");
        body.putArray("id_token_signing_alg_values_supported").add("RS256");
        return ApiResponse.json(200, body, "application/json; charset=utf-8");
    }

    private ApiResponse instanceDiscovery() {
        String host = authorityHost.get();
        String authority = host.replaceFirst("^https://", "");
        ObjectNode body = Json.object()
                .put("tenant_discovery_endpoint", host + "/common/v2.0/.well-known/openid-configuration")
                .put("api-version", "1.1");
        ArrayNode metadata = body.putArray("metadata");
        ObjectNode entry = metadata.addObject().put("preferred_network", authority).put("preferred_cache", authority);
        entry.putArray("aliases").add(authority);
        return ApiResponse.json(200, body, "application/json; charset=utf-8");
    }
}
