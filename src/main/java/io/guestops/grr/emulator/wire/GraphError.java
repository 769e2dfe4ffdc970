package io.guestops.grr.emulator.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Graph error to be rendered as {"error":{"code","message","innerError":{...}}}. Thrown by
 * handlers; the request pipeline adds request ids and the date.
 */
public final class GraphError extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public GraphError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public GraphError withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static GraphError notFound(String id) {
        return new GraphError(404, "Request_ResourceNotFound",
                "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.");
    }

    public static GraphError insufficientPrivileges() {
        return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }

    public static GraphError unsupportedQuery(String message) {
        return new GraphError(400, "Request_UnsupportedQuery", message);
    }

    public static GraphError badRequest(String message) {
        return new GraphError(400, "Request_BadRequest", message);
    }
}
