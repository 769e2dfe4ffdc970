package io.guestops.grr.graph;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.Headers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what the Graph SDK and Azure Identity throw into a {@link GraphFailure}. Status codes and
 * Graph's error {@code code} decide, never message text; messages are scrubbed by a {@link Redactor}.
 */
final class FailureMapping {

    static final String REQUEST_ID = "request-id";

    private final Redactor redactor;
    private final Supplier<Instant> clock;

    FailureMapping(Redactor redactor, Supplier<Instant> clock) {
        this.redactor = redactor;
        this.clock = clock;
    }

    GraphFailure map(Throwable error, CallKind kind) {
        if (error instanceof ApiException api) {
            return fromApiException(api, kind);
        }
        // Azure Identity wraps the authority's refusal in a ClientAuthenticationException on some
        // paths; through the SDK's asynchronous token path MSAL's exception arrives bare.
        Throwable tokenFailure = find(error, ClientAuthenticationException.class);
        if (tokenFailure == null) {
            tokenFailure = find(error, MsalServiceException.class);
        }
        if (tokenFailure != null) {
            // The token was not obtained, so the Graph request itself was never sent.
            return fromTokenFailure(tokenFailure);
        }
        IOException io = find(error, IOException.class);
        if (io != null) {
            return fromIoFailure(io, kind);
        }
        // Anything else (e.g. an answer the SDK could not read) leaves a write's effect unknown.
        String message = "unexpected " + error.getClass().getSimpleName() + ": " + error.getMessage();
        return kind == CallKind.WRITE_ONCE
                ? new GraphFailure.Ambiguous(redactor.clean(message), null)
                : new GraphFailure.Transient(0, redactor.clean(message), null, null);
    }

    /** The failure for an HTTP error answer: the heart of the mapping, shared with tests. */
    GraphFailure fromStatus(int status, String code, String message, Duration retryAfter, String requestId, CallKind kind) {
        String cleanMessage = redactor.clean(message == null ? "HTTP " + status : message);
        String cleanCode = code == null || code.isBlank() ? "Http" + status : code;
        boolean unclearAnswer = status >= 500 || status == 429 || status == 408;
        if (kind == CallKind.WRITE_ONCE && unclearAnswer) {
            return new GraphFailure.Ambiguous("HTTP " + status + " " + cleanCode + ": " + cleanMessage, requestId);
        }
        if (status == 404) {
            return new GraphFailure.NotFound(cleanCode, cleanMessage, requestId);
        }
        if (status == 401 || status == 403) {
            return new GraphFailure.Forbidden(status, cleanCode, cleanMessage, requestId);
        }
        if (status == 429) {
            return new GraphFailure.Throttled(retryAfter, requestId);
        }
        if (unclearAnswer) {
            return new GraphFailure.Transient(status, cleanCode + ": " + cleanMessage, retryAfter, requestId);
        }
        return new GraphFailure.InvalidRequest(status, cleanCode, cleanMessage, requestId);
    }

    private GraphFailure fromApiException(ApiException api, CallKind kind) {
        Headers headers = api.getResponseHeaders();
        String requestId = header(headers, REQUEST_ID);
        String code = null;
        String message = null;
        if (api instanceof ODataError odata && odata.getError() != null) {
            MainError main = odata.getError();
            code = main.getCode();
            message = main.getMessage();
            if (requestId == null && main.getInnerError() != null) {
                requestId = main.getInnerError().getRequestId();
            }
        }
        Duration retryAfter = RetryAfter.parse(header(headers, "Retry-After"), clock.get());
        return fromStatus(api.getResponseStatusCode(), code, message, retryAfter, requestId, kind);
    }

    private GraphFailure fromTokenFailure(Throwable error) {
        String message = "no token from the authority: " + error.getMessage();
        MsalServiceException service = find(error, MsalServiceException.class);
        Integer status = service == null ? null : service.statusCode();
        if (status != null && (status >= 500 || status == 429)) {
            return new GraphFailure.Transient(status, redactor.clean(message), null, null);
        }
        if (service == null && find(error, IOException.class) != null) {
            return new GraphFailure.Transient(0, redactor.clean(message), null, null);
        }
        String code = error instanceof CredentialUnavailableException ? "CredentialUnavailable"
                : service != null && service.errorCode() != null ? service.errorCode()
                : "CredentialRejected";
        return new GraphFailure.Forbidden(status == null ? 401 : status, code, redactor.clean(message), null);
    }

    private GraphFailure fromIoFailure(IOException io, CallKind kind) {
        String message = io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage());
        if (kind == CallKind.WRITE_ONCE && !provablyNotSent(io)) {
            return new GraphFailure.Ambiguous(redactor.clean(message), null);
        }
        return new GraphFailure.Transient(0, redactor.clean(message), null, null);
    }

    /** Failures that happen before a single byte of the request can have reached Graph. */
    private static final Set<Class<? extends IOException>> NOT_SENT = Set.of(
            ConnectException.class, UnknownHostException.class, NoRouteToHostException.class,
            SSLHandshakeException.class);

    private static boolean provablyNotSent(IOException io) {
        return NOT_SENT.stream().anyMatch(type -> type.isInstance(io));
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        var values = headers.get(name); // kiota's Headers ignore case
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }

    /** The first throwable of {@code type} in the cause chain, or null. */
    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
