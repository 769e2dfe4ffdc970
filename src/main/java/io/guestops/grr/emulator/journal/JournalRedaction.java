package io.guestops.grr.emulator.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Removes bearer material (secrets, assertions, tokens, redeem links) from bodies kept in the journal. */
public final class JournalRedaction {
    public static final String REDACTED = "***redacted***";
    private static final Set<String> SECRET_FIELDS = Set.of("client_secret", "client_assertion", "access_token",
            "refresh_token", "id_token", "inviteredeemurl", "assertion");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalRedaction() {
    }

    public static String redact(String body, String contentType) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("x-www-form-urlencoded")) {
            return redactForm(body);
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            redactJson(node);
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            // Neither JSON nor a form: keep only the size, since we cannot tell what it holds.
            return "<" + body.length() + " characters, not JSON>";
        }
    }

    private static String redactForm(String body) {
        StringBuilder out = new StringBuilder();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(SECRET_FIELDS.contains(key.toLowerCase(Locale.ROOT)) ? key + "=" + REDACTED : pair);
        }
        return out.toString();
    }

    private static void redactJson(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT)) && !field.getValue().isNull()) {
                    field.setValue(MAPPER.getNodeFactory().textNode(REDACTED));
                } else {
                    redactJson(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(JournalRedaction::redactJson);
        }
    }
}
