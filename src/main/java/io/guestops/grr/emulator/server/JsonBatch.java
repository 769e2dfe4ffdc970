package io.guestops.grr.emulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.api.GraphRouter;
import io.guestops.grr.emulator.wire.ApiRequest;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * POST /v1.0/$batch (JSON batching): at most 20 requests, run in order through the full pipeline
 * (faults, authentication, throttling, permissions, journal). The envelope is 200 even when parts
 * fail. dependsOn is accepted and satisfied trivially because requests run sequentially.
 */
final class JsonBatch {
    static final int MAX_REQUESTS = 20;
    private final RequestPipeline pipeline;

    JsonBatch(RequestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    static boolean isBatch(ApiRequest request) {
        return request.path().equals(GraphRouter.VERSION_PREFIX + "/$batch");
    }

    ApiResponse handle(ApiRequest outer) {
        if (!outer.method().equals("POST")) {
            throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request uri.");
        }
        JsonNode requests = Json.parseBody(outer.body()).get("requests");
        if (requests == null || !requests.isArray()) {
            throw new GraphError(400, "BadRequest", "Invalid batch payload format: a 'requests' array is required.");
        }
        if (requests.size() > MAX_REQUESTS) {
            throw new GraphError(400, "BadRequest", "The batch contains " + requests.size() + " requests; at most " + MAX_REQUESTS + " are allowed.");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode r : requests) {
            String id = Json.text(r, "id");
            if (id == null || !ids.add(id) || Json.text(r, "method") == null || Json.text(r, "url") == null) {
                throw new GraphError(400, "BadRequest", "Invalid batch payload format: every request needs a unique id, a method and a url.");
            }
            if (hasBody(r) && contentType(r) == null) {
                // "If body is included with the request, the headers object must contain a value for
                // Content-Type": https://learn.microsoft.com/graph/json-batching. The error is the emulator's.
                throw new GraphError(400, "BadRequest", "Invalid batch payload format: request " + id
                        + " has a body but no Content-Type header.");
            }
        }
        ObjectNode envelope = Json.object();
        ArrayNode responses = envelope.putArray("responses");
        boolean drop = false;
        for (JsonNode r : requests) {
            ApiResponse inner = pipeline.graph(innerRequest(outer, r));
            drop |= inner.dropConnection();
            responses.add(asPart(Json.text(r, "id"), inner));
        }
        return ApiResponse.json(200, envelope).dropConnection(drop);
    }

    private static ApiRequest innerRequest(ApiRequest outer, JsonNode r) {
        String url = Json.text(r, "url");
        if (url.startsWith("http://") || url.startsWith("https://")) {
            throw new GraphError(400, "BadRequest", "Batch request urls must be relative, e.g. /users/{id}.");
        }
        String relative = url.startsWith("/") ? url : "/" + url;
        if (relative.startsWith(GraphRouter.VERSION_PREFIX + "/")) {
            relative = relative.substring(GraphRouter.VERSION_PREFIX.length());
        }
        int q = relative.indexOf('?');
        String path = GraphRouter.VERSION_PREFIX + (q < 0 ? relative : relative.substring(0, q));
        if (path.equals(GraphRouter.VERSION_PREFIX + "/$batch")) {
            throw new GraphError(400, "BadRequest", "A batch cannot contain another batch.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> given = r.path("headers").fields();
        given.forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.put("Authorization", outer.header("Authorization"));
        byte[] body = new byte[0];
        if (hasBody(r)) {
            try {
                body = Json.MAPPER.writeValueAsBytes(r.get("body"));
            } catch (IOException e) {
                throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
            }
        }
        return new ApiRequest(Json.text(r, "method"), path, q < 0 ? "" : relative.substring(q + 1), headers, body);
    }

    private static boolean hasBody(JsonNode request) {
        return request.has("body") && !request.get("body").isNull();
    }

    /** The request's Content-Type header (header names are case-insensitive), or null. */
    private static String contentType(JsonNode request) {
        Iterator<Map.Entry<String, JsonNode>> headers = request.path("headers").fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> header = headers.next();
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                return header.getValue().asText();
            }
        }
        return null;
    }

    private static ObjectNode asPart(String id, ApiResponse inner) {
        ObjectNode part = Json.object().put("id", id).put("status", inner.status());
        ObjectNode headers = part.putObject("headers");
        inner.headers().forEach(headers::put);
        if (inner.body().length > 0) {
            try {
                part.set("body", Json.MAPPER.readTree(inner.body()));
            } catch (IOException e) {
                part.put("body", inner.bodyText());
            }
        }
        return part;
    }
}
