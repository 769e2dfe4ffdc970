package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A mock watch narrowed to a label selector the way the API server's watch cache narrows it: an
 * object that starts to match arrives as ADDED, one that stops matching as DELETED (its last
 * matching state, at the new resourceVersion), and the others not at all.
 */
final class SelectedWatch extends WebSocketListener {

    private final WebSocketListener mockWatch;
    private final LabelSelector selector;
    private final ObjectMapper json = new ObjectMapper();
    /** The objects this client currently sees as selected, by namespace/name. */
    private final Map<String, JsonNode> selected = new HashMap<>();
    private WebSocket socket;

    SelectedWatch(WebSocketListener mockWatch, LabelSelector selector) {
        this.mockWatch = mockWatch;
        this.selector = selector;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        mockWatch.onBeforeAccept(filtered(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        mockWatch.onOpen(filtered(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        mockWatch.onMessage(filtered(webSocket), text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        mockWatch.onClosing(filtered(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        mockWatch.onClosed(filtered(webSocket), code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        mockWatch.onFailure(filtered(webSocket), error, response);
    }

    private synchronized WebSocket filtered(WebSocket webSocket) {
        if (socket == null) {
            socket = new Filter(webSocket);
        }
        return socket;
    }

    /** What the client is sent for one event of the mock, or null for nothing. */
    private synchronized String narrowed(String text) {
        JsonNode event;
        try {
            event = json.readTree(text);
        } catch (JsonProcessingException e) {
            return text;
        }
        JsonNode object = event.path("object");
        String type = event.path("type").asText();
        if (!type.equals("ADDED") && !type.equals("MODIFIED") && !type.equals("DELETED")) {
            return text;
        }
        String key = object.path("metadata").path("namespace").asText("") + "/" + object.path("metadata").path("name").asText();
        boolean was = selected.containsKey(key);
        boolean is = !type.equals("DELETED") && selector.matches(object);
        if (is) {
            selected.put(key, object);
            return event(was ? type : "ADDED", object);
        }
        JsonNode last = selected.remove(key);
        if (!was) {
            return null;
        }
        if (type.equals("DELETED")) {
            return text;
        }
        ObjectNode gone = last.deepCopy();
        gone.with("metadata").put("resourceVersion", object.path("metadata").path("resourceVersion").asText());
        return event("DELETED", gone);
    }

    private String event(String type, JsonNode object) {
        ObjectNode event = json.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        return event.toString();
    }

    private final class Filter implements WebSocket {
        private final WebSocket mockSocket;

        Filter(WebSocket mockSocket) {
            this.mockSocket = mockSocket;
        }

        @Override
        public RecordedRequest request() {
            return mockSocket.request();
        }

        @Override
        public boolean send(String text) {
            String out = narrowed(text);
            return out == null || mockSocket.send(out);
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            return mockSocket.close(code, reason);
        }
    }
}
