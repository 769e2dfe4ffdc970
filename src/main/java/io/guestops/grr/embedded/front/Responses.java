package io.guestops.grr.embedded.front;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.guestops.grr.schema.FieldError;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes answers, including Kubernetes Status objects for errors. */
final class Responses {

    private Responses() {
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod()) || status == 204;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static void json(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return status;
    }

    static void status(HttpExchange exchange, int code, String reason, String message) throws IOException {
        json(exchange, code, status(code, reason, message).toString());
    }

    /** 422 Invalid, worded as the API server words it for custom resources. */
    static ObjectNode invalid(String group, String kind, String name, List<FieldError> errors) {
        String joined = errors.size() == 1 ? errors.get(0).message()
                : "[" + String.join(", ", errors.stream().map(FieldError::message).toList()) + "]";
        ObjectNode status = status(422, "Invalid", kind + "." + group + " \"" + name + "\" is invalid: " + joined);
        ObjectNode details = status.putObject("details");
        details.put("name", name).put("group", group).put("kind", kind);
        ArrayNode causes = details.putArray("causes");
        errors.forEach(e -> causes.addObject().put("reason", e.reason()).put("message", e.detail()).put("field", e.field()));
        return status;
    }
}
