package io.guestops.grr.emulator.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response plus what the journal needs to know about it: whether the request changed state
 * ({@code effective}), whether it converted a member into an external user, and whether the
 * connection must be dropped instead of answered (the "commit then drop" fault).
 */
public final class ApiResponse {
    public static final String GRAPH_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private boolean effective;
    private boolean memberConverted;
    private boolean dropConnection;

    private ApiResponse(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    public static ApiResponse json(int status, JsonNode node) {
        return json(status, node, GRAPH_JSON);
    }

    public static ApiResponse json(int status, JsonNode node, String contentType) {
        try {
            ApiResponse response = new ApiResponse(status, Json.MAPPER.writeValueAsBytes(node));
            response.header("Content-Type", contentType);
            return response;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }

    public static ApiResponse empty(int status) {
        return new ApiResponse(status, new byte[0]);
    }

    public static ApiResponse text(int status, String text, String contentType) {
        ApiResponse response = new ApiResponse(status, text.getBytes(StandardCharsets.UTF_8));
        response.header("Content-Type", contentType);
        return response;
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ApiResponse effective(boolean value) {
        this.effective = value;
        return this;
    }

    public ApiResponse memberConverted(boolean value) {
        this.memberConverted = value;
        return this;
    }

    public ApiResponse dropConnection(boolean value) {
        this.dropConnection = value;
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean effective() {
        return effective;
    }

    public boolean memberConverted() {
        return memberConverted;
    }

    public boolean dropConnection() {
        return dropConnection;
    }
}
