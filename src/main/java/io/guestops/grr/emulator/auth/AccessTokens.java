package io.guestops.grr.emulator.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and validates the emulator's access tokens: HS256 JWTs signed with a key the emulator
 * makes at start (real Entra signs with RS256 keys; nothing outside the emulator checks these).
 * Claims follow Entra's v1 app-only tokens: aud, iss, tid, appid, roles, iat, nbf, exp.
 */
public final class AccessTokens {
    public static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
    public static final Duration LIFETIME = Duration.ofSeconds(3599);

    private final byte[] key = new byte[32];
    private final Clock clock;

    public AccessTokens(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    public String issue(String tenantId, String appId, Set<String> roles) {
        Instant now = clock.instant();
        ObjectNode header = Json.object().put("typ", "JWT").put("alg", "HS256");
        ObjectNode payload = Json.object()
                .put("aud", GRAPH_AUDIENCE)
                .put("iss", "https://sts.windows.net/" + tenantId + "/")
                .put("iat", now.getEpochSecond())
                .put("nbf", now.getEpochSecond())
                .put("exp", now.plus(LIFETIME).getEpochSecond())
                .put("appid", appId)
                .put("idtyp", "app")
                .put("oid", UUID.nameUUIDFromBytes(appId.getBytes(StandardCharsets.UTF_8)).toString())
                .put("tid", tenantId)
                .put("ver", "1.0");
        ArrayNode roleArray = payload.putArray("roles");
        roles.stream().sorted().forEach(roleArray::add);
        String input = Jwt.signingInput(header, payload);
        return input + "." + Jwt.encodeSignature(sign(input));
    }

    /**
     * The caller behind an Authorization header, or a 401 InvalidAuthenticationToken. The tenant
     * must exist in the emulator (a token from another tenant is refused).
     */
    public CallerIdentity authenticate(String authorization, Directory directory) {
        if (authorization == null || authorization.isBlank()) {
            throw invalid("Access token is empty.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalid("Access token validation failure. Invalid authorization scheme.");
        }
        Jwt jwt = Jwt.parse(authorization.substring(7).trim());
        if (jwt == null) {
            throw invalid("IDX14100: JWT is not well formed, there are no dots (.).");
        }
        if (!"HS256".equals(jwt.header().path("alg").asText())
                || !MessageDigest.isEqual(sign(jwt.signingInput()), jwt.signature())) {
            throw invalid("Access token validation failure. Invalid signature.");
        }
        if (!jwt.audienceIs(GRAPH_AUDIENCE)) {
            throw invalid("Access token validation failure. Invalid audience.");
        }
        Long exp = jwt.epochClaim("exp");
        if (exp == null || clock.instant().getEpochSecond() >= exp) {
            throw invalid("Lifetime validation failed, the token is expired.");
        }
        String tenantId = jwt.claim("tid");
        if (directory.tenant(tenantId).isEmpty()) {
            throw invalid("Access token validation failure. The token's tenant is not known to this directory.");
        }
        Set<String> roles = new LinkedHashSet<>();
        JsonNode roleClaim = jwt.payload().path("roles");
        roleClaim.forEach(r -> roles.add(r.asText()));
        return new CallerIdentity(jwt.claim("appid"), directory.tenant(tenantId).get().id(), roles);
    }

    private static GraphError invalid(String message) {
        return new GraphError(401, "InvalidAuthenticationToken", message)
                .withHeader("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
