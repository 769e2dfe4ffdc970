package io.guestops.grr.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain java.net.http access to an emulator, trusting only the emulator's certificate. */
public final class EmulatorHttp {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String TENANT = "0b8e6f0a-5c1d-4a7e-9a41-2f3c4d5e6f70";
    public static final String OPERATOR_APP = "5f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b";
    public static final String OPERATOR_SECRET = "dev-only-secret-change-me";
    public static final String READER_APP = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
    public static final String READER_SECRET = "dev-only-reader-secret";
    public static final String JOHN = "3c9f1a2b-7d4e-4f60-8a1b-2c3d4e5f6a7b";
    public static final String ALICE = "8d2e4f6a-1b3c-4d5e-9f70-8a9b0c1d2e3f";
    public static final String HELPDESK = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    public static final String MARY = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

    private final GraphEmulator emulator;
    private final HttpClient client;

    public EmulatorHttp(GraphEmulator emulator) {
        this.emulator = emulator;
        this.client = HttpClient.newBuilder()
                .sslContext(SelfSignedCertificate.trustingOnly(List.of(emulator.trustedCertificate())))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public HttpClient client() {
        return client;
    }

    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        /** Status and Graph error code, such as "400 BadRequest": one assertion that shows both when it fails. */
        public String statusAndErrorCode() {
            return status + " " + errorCode();
        }
    }

    public Reply send(String method, String pathAndQuery, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(emulator.graphEndpoint() + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        headers.forEach(builder::header);
        return exchange(builder.build());
    }

    private Reply exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String pathAndQuery, String token) {
        return send("GET", pathAndQuery, token, null, Map.of());
    }

    public Reply get(String pathAndQuery, String token, Map<String, String> headers) {
        return send("GET", pathAndQuery, token, null, headers);
    }

    public Reply patch(String path, String token, String body) {
        return send("PATCH", path, token, body, Map.of());
    }

    public Reply post(String path, String token, String body) {
        return send("POST", path, token, body, Map.of());
    }

    public Reply tokenRequest(String tenant, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.authorityHost() + "/" + tenant + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build();
        return exchange(request);
    }

    public String token(String clientId, String secret) {
        return token(TENANT, clientId, secret);
    }

    public String token(String tenant, String clientId, String secret) {
        Reply reply = tokenRequest(tenant, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret, "scope", "https://graph.microsoft.com/.default"));
        if (reply.status() != 200) {
            throw new IllegalStateException("token request failed with " + reply.status());
        }
        return reply.json().get("access_token").asText();
    }

    public String operatorToken() {
        return token(OPERATOR_APP, OPERATOR_SECRET);
    }

    public String readerToken() {
        return token(READER_APP, READER_SECRET);
    }
}
