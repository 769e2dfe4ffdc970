package io.guestops.grr.embedded.front;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Sends a request to the mock server unchanged and hands back its answer. */
final class MockForwarder {

    /** Headers the JDK client sets itself (or refuses), and hop-by-hop headers. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "accept-encoding");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI mockBase;

    MockForwarder(URI mockBase) {
        this.mockBase = mockBase;
    }

    record Answer(int status, String contentType, byte[] body) {
    }

    Answer send(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(mockBase.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                request.header(name, value);
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String contentType = response.headers().firstValue("Content-Type").orElse("application/json");
        return new Answer(response.statusCode(), contentType, response.body());
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, Map.of("Accept", "application/json"), new byte[0]);
    }
}
