package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.HashMap;
import java.util.Map;

/**
 * A mock watch narrowed to a label selector the way the API server's watch cache narrows it: an
 * object that starts to match arrives as ADDED, one that stops matching as DELETED (its last
 * matching state, at the new resourceVersion), and the others not at all.
 */
final class SelectedWatch extends WatchDecorator {

    private final LabelSelector selector;
    private final ObjectMapper json = new ObjectMapper();
    /** The objects this client currently sees as selected, by namespace/name. */
    private final Map<String, JsonNode> selected = new HashMap<>();

    SelectedWatch(WebSocketListener mockWatch, LabelSelector selector) {
        super(mockWatch);
        this.selector = selector;
    }

    @Override
    WebSocket wrap(WebSocket clientSocket) {
        return new Filter(clientSocket);
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

    private final class Filter extends WrappedSocket {

        Filter(WebSocket clientSocket) {
            super(clientSocket);
        }

        @Override
        public boolean send(String text) {
            String out = narrowed(text);
            return out == null || clientSocket.send(out);
        }

        @Override
        public boolean close(int code, String reason) {
            return clientSocket.close(code, reason);
        }
    }
}
