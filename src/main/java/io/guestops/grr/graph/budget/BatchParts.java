package io.guestops.grr.graph.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * The parts of a JSON {@code $batch} as the budget and the metrics see them: each request's method
 * and path from the envelope sent, and each part's status and headers from the envelope answered.
 * Graph answers the envelope 200 even when parts were throttled, so this is the only way to see them.
 */
public final class BatchParts {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Larger answers are not read again for their parts (the gateway's batches hold three small reads). */
    private static final long MAX_ANSWER_BYTES = 4L << 20;

    /** One request of the batch. */
    public record Part(String id, String method, String path, String query) {}

    /** One part's answer; {@code headers} with lower-case names. */
    public record Answer(String id, int status, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One {@code $batch} exchange, read once for every interceptor that counts it: the outermost
     * one tags the request with it, the ones inside find it there, and whichever needs the answer
     * first reads it for all.
     */
    public static final class Exchange {
        private final List<Part> sent;
        private Map<String, Answer> answered;

        private Exchange(List<Part> sent) {
            this.sent = sent;
        }

        /** The request, tagged with its exchange so the interceptors inside read it from there. */
        public static Request tagged(Request request) {
            if (!isBatch(request) || request.tag(Exchange.class) != null) {
                return request;
            }
            return request.newBuilder().tag(Exchange.class, new Exchange(BatchParts.sent(request))).build();
        }

        /** The exchange a request was tagged with, or one read from the request now. */
        public static Exchange of(Request request) {
            Exchange tagged = request.tag(Exchange.class);
            return tagged != null ? tagged : new Exchange(BatchParts.sent(request));
        }

        public List<Part> sent() {
            return sent;
        }

        /** The parts' answers by id, read from {@code response} the first time they are asked for. */
        private Map<String, Answer> answered(Response response) {
            if (answered == null) {
                answered = BatchParts.answered(response);
            }
            return answered;
        }

        /** Each sent part with its answer, in the order sent; a part the response does not answer is left out. */
        public void forEachAnswered(Response response, BiConsumer<Part, Answer> action) {
            Map<String, Answer> answers = answered(response);
            for (Part part : sent) {
                Answer answer = answers.get(part.id());
                if (answer != null) {
                    action.accept(part, answer);
                }
            }
        }
    }

    private BatchParts() {
    }

    public static boolean isBatch(Request request) {
        return "POST".equalsIgnoreCase(request.method()) && request.url().encodedPath().toLowerCase(java.util.Locale.ROOT)
                .matches(".*/(\\$|%24)batch");
    }

    /** The requests in a batch envelope, or empty when it cannot be read (a one-shot body). */
    public static List<Part> sent(Request request) {
        List<Part> parts = new ArrayList<>();
        try {
            if (request.body() == null || request.body().isOneShot()) {
                return parts;
            }
            Buffer buffer = new Buffer();
            request.body().writeTo(buffer);
            for (JsonNode node : JSON.readTree(buffer.readByteArray()).path("requests")) {
                String url = node.path("url").asText("");
                int q = url.indexOf('?');
                String path = q < 0 ? url : url.substring(0, q);
                parts.add(new Part(node.path("id").asText(""), node.path("method").asText("GET"),
                        path.startsWith("/") ? path : "/" + path, q < 0 ? null : url.substring(q + 1)));
            }
        } catch (IOException | RuntimeException unreadable) {
            parts.clear();
        }
        return parts;
    }

    /** The parts' answers by id, or empty when the envelope is not a readable batch answer. */
    public static Map<String, Answer> answered(Response response) {
        Map<String, Answer> answers = new HashMap<>();
        try {
            JsonNode root = JSON.readTree(response.peekBody(MAX_ANSWER_BYTES).bytes());
            for (JsonNode node : root.path("responses")) {
                Map<String, String> headers = new HashMap<>();
                node.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT),
                        h.getValue().asText()));
                String id = node.path("id").asText("");
                answers.put(id, new Answer(id, node.path("status").asInt(0), headers));
            }
        } catch (IOException | RuntimeException unreadable) {
            answers.clear();
        }
        return answers;
    }
}
