package io.guestops.grr.embedded.front;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.guestops.grr.embedded.registry.ApiPath;
import io.guestops.grr.embedded.registry.Query;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Serves a watch the way kubectl (client-go) consumes it: one JSON WatchEvent per line over a
 * plain chunked HTTP response. The events come from a watch on the mock, which speaks only
 * WebSocket. The mock starts every watch by replaying the objects it holds as ADDED; the ones
 * not newer than the client's resourceVersion are dropped, so a change that happened between the
 * client's list and its watch still reaches it, and nothing it already has is repeated.
 */
final class WatchRelay {

    private static final String END = "";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI mockWebSocketBase;
    /** How often an idle stream checks its timeout. */
    private final Duration deadlineCheck;

    WatchRelay(URI mockHttpBase, Duration deadlineCheck) {
        this.mockWebSocketBase = URI.create(mockHttpBase.toString().replaceFirst("^http", "ws"));
        this.deadlineCheck = deadlineCheck;
    }

    /**
     * Streams until the client's timeoutSeconds, the mock closing the watch, or the client going away.
     *
     * @param render turns each event's object into what the client asked for (a Table, or itself)
     */
    void stream(HttpExchange exchange, ApiPath path, Query query, UnaryOperator<JsonNode> render)
            throws IOException, InterruptedException {
        FieldSelector selector = FieldSelector.parse(nameSelector(path, query));
        long knownVersion = parseVersion(query.get("resourceVersion"));
        Instant deadline = Instant.now().plus(timeout(query));

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocket upstream = connect(path, query, events);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            while (Instant.now().isBefore(deadline)) {
                String event = events.poll(deadlineCheck.toMillis(), TimeUnit.MILLISECONDS);
                if (END.equals(event)) {
                    break;
                }
                // Nothing is written while nothing happens, as a real API server does: Fabric8's streamed
                // watch reads every line as an event (a blank one stopped the operator's informers).
                String line = event == null ? null : relayed(event, selector, knownVersion, render);
                if (line != null) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException clientGone) {
            // the client closed the stream: nothing to tell it
        } finally {
            upstream.abort();
            exchange.close();
        }
    }

    private WebSocket connect(ApiPath path, Query query, BlockingQueue<String> events)
            throws IOException, InterruptedException {
        try {
            return http.newWebSocketBuilder()
                    .buildAsync(upstreamUri(path, query), new Collector(events))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot open a watch on the mock", e);
        }
    }

    private String relayed(String text, FieldSelector selector, long knownVersion, UnaryOperator<JsonNode> render)
            throws IOException {
        JsonNode event = json.readTree(text);
        JsonNode object = event.path("object");
        if (!selector.matches(object)) {
            return null;
        }
        if ("ADDED".equals(event.path("type").asText())
                && parseVersion(object.path("metadata").path("resourceVersion").asText()) <= knownVersion) {
            return null;
        }
        ObjectNode out = json.createObjectNode();
        out.put("type", event.path("type").asText());
        out.set("object", render.apply(object));
        return out + "\n";
    }

    private URI upstreamUri(ApiPath path, Query query) {
        StringBuilder uri = new StringBuilder(path.collectionPath()).append("?watch=true");
        String labelSelector = query.get("labelSelector");
        if (labelSelector != null && !labelSelector.isEmpty()) {
            uri.append("&labelSelector=").append(java.net.URLEncoder.encode(labelSelector, StandardCharsets.UTF_8));
        }
        return mockWebSocketBase.resolve(uri.toString());
    }

    /** A watch on /…/things/NAME watches NAME only, like fieldSelector=metadata.name=NAME. */
    private static String nameSelector(ApiPath path, Query query) {
        String fieldSelector = query.get("fieldSelector");
        if (path.name() == null) {
            return fieldSelector;
        }
        String byName = "metadata.name=" + path.name();
        return fieldSelector == null || fieldSelector.isEmpty() ? byName : fieldSelector + "," + byName;
    }

    private static Duration timeout(Query query) {
        try {
            String seconds = query.get("timeoutSeconds");
            return seconds == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(Long.parseLong(seconds));
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT;
        }
    }

    /** -1 (everything is new to the client) when the client gave no usable resourceVersion. */
    private static long parseVersion(String resourceVersion) {
        try {
            return resourceVersion == null || resourceVersion.isEmpty() ? -1 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Gathers the mock's WebSocket text frames into whole events. */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<String> events;
        private final StringBuilder partial = new StringBuilder();

        Collector(BlockingQueue<String> events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(END);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(END);
        }
    }
}
