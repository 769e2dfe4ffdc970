package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Secret's {@code data} values are base64 ([]byte in Go): the API server cannot decode a body
 * with any other value and refuses the request with 400, before any other check.
 */
final class SecretData {

    private SecretData() {
    }

    /** The API server's message for the first value Go's decoder refuses (it does not name the key). */
    static Optional<String> undecodable(JsonNode secretOrMergePatch) {
        JsonNode data = secretOrMergePatch.path("data");
        for (Map.Entry<String, JsonNode> entry : data.properties()) {
            if (!entry.getValue().isTextual()) {
                continue;
            }
            OptionalInt at = GoBase64.corruptAt(entry.getValue().asText());
            if (at.isPresent()) {
                return Optional.of("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte "
                        + at.getAsInt());
            }
        }
        return Optional.empty();
    }
}
