package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Opaque $skiptoken / $deltatoken values: base64url JSON that clients must not interpret. */
final class PageToken {
    private PageToken() {
    }

    static String encode(ObjectNode state) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode decode(String token, String parameter) {
        try {
            JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException | IllegalArgumentException e) {
            // reported below
        }
        throw new GraphError(400, "Request_BadRequest", "The " + parameter + " is invalid or has expired.");
    }

    /** A query string from decoded parameters, spaces as %20 as Graph writes them. */
    static String query(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encodeComponent(k)).append('=').append(encodeComponent(v));
        });
        return out.toString();
    }

    private static String encodeComponent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$");
    }
}
