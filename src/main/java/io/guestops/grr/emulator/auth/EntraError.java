package io.guestops.grr.emulator.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** An error of the Entra token endpoint, shaped like AADSTS responses. */
final class EntraError extends RuntimeException {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final int status;
    private final String error;
    private final int aadsts;

    EntraError(int status, String error, int aadsts, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.aadsts = aadsts;
    }

    ApiResponse render(Instant now) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = TIMESTAMP.format(now);
        ObjectNode body = Json.object()
                .put("error", error)
                .put("error_description", "AADSTS" + aadsts + ": " + getMessage() + " Trace ID: " + traceId
                        + " Correlation ID: " + correlationId + " Timestamp: " + timestamp);
        body.putArray("error_codes").add(aadsts);
        body.put("timestamp", timestamp)
                .put("trace_id", traceId)
                .put("correlation_id", correlationId)
                .put("error_uri", "https://login.microsoftonline.com/error?code=" + aadsts);
        return ApiResponse.json(status, body, "application/json; charset=utf-8");
    }
}
