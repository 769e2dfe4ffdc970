package io.guestops.grr.emulator.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A compact JWS split into its parts; parsing never checks a signature. */
record Jwt(JsonNode header, JsonNode payload, String signingInput, byte[] signature) {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** Null when the text is not a three-part JWS with JSON header and payload. */
    static Jwt parse(String compact) {
        if (compact == null) {
            return null;
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode header = Json.MAPPER.readTree(DECODER.decode(parts[0]));
            JsonNode payload = Json.MAPPER.readTree(DECODER.decode(parts[1]));
            if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
                return null;
            }
            return new Jwt(header, payload, parts[0] + "." + parts[1], DECODER.decode(parts[2]));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    static String signingInput(ObjectNode header, ObjectNode payload) {
        try {
            return ENCODER.encodeToString(Json.MAPPER.writeValueAsBytes(header)) + "."
                    + ENCODER.encodeToString(Json.MAPPER.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encodeSignature(byte[] signature) {
        return ENCODER.encodeToString(signature);
    }

    byte[] signingInputBytes() {
        return signingInput.getBytes(StandardCharsets.US_ASCII);
    }

    String claim(String name) {
        JsonNode value = payload.get(name);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    /** A numeric date claim (seconds since the epoch), or null. */
    Long epochClaim(String name) {
        JsonNode value = payload.get(name);
        return value != null && value.isNumber() ? value.asLong() : null;
    }

    /** The aud claim as given: a string or any member of an array. */
    boolean audienceIs(String expected) {
        JsonNode aud = payload.get("aud");
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (a.asText().equals(expected)) {
                    return true;
                }
            }
            return false;
        }
        return aud.asText().equals(expected);
    }
}
