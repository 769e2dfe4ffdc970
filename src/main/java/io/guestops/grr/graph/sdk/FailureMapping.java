package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.budget.RetryAfter;
import io.guestops.grr.graph.gateway.CallKind;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.WritePermitCheck;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import com.microsoft.aad.msal4j.MsalException;
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
public final class FailureMapping {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FailureMapping.class);

    static final String REQUEST_ID = "request-id";

    private final Redactor redactor;
    private final Supplier<Instant> clock;

    public FailureMapping(Redactor redactor, Supplier<Instant> clock) {
        this.redactor = redactor;
        this.clock = clock;
    }

    GraphFailure map(Throwable error, CallKind kind) {
        if (error instanceof ApiException api) {
            return fromApiException(api, kind);
        }
        if (find(error, ClientAuthenticationException.class) != null || find(error, MsalException.class) != null) {
            // The token was not obtained, so the Graph request itself was never sent.
            return fromTokenFailure(error);
        }
        IOException io = find(error, IOException.class);
        if (io != null) {
            return fromIoFailure(io, kind);
        }
        // Anything else (e.g. an answer the SDK could not read) leaves a write's effect unknown.
        // The exception belongs in the log; status and Events get words a person can act on.
        LOG.warn("Graph call failed unexpectedly", error);
        String message = "Graph's answer could not be read (the operator log has the details)";
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
        MsalServiceException service = find(error, MsalServiceException.class);
        String message = "no token from the authority: " + tokenFailureText(error);
        Integer status = service == null ? null : service.statusCode();
        if (status != null && (status >= 500 || status == 429)) {
            return new GraphFailure.Transient(status, redactor.clean(message), null, null);
        }
        if (service == null && find(error, IOException.class) != null) {
            return new GraphFailure.Transient(0, redactor.clean(message), null, null);
        }
        String code = find(error, CredentialUnavailableException.class) != null ? "CredentialUnavailable"
                : service != null && service.errorCode() != null ? service.errorCode()
                : "CredentialRejected";
        return new GraphFailure.Forbidden(status == null ? 401 : status, code, redactor.clean(message), null);
    }

    /**
     * What the authority said, without the exception chain around it: Entra's AADSTS code and
     * sentence, cut before the trace and correlation ids.
     */
    private static String tokenFailureText(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage();
            int code = text == null ? -1 : text.indexOf("AADSTS");
            if (code >= 0) {
                String said = firstLine(text.substring(code));
                int trace = said.indexOf(" Trace ID:");
                return (trace > 0 ? said.substring(0, trace) : said).trim();
            }
        }
        CredentialUnavailableException unavailable = find(error, CredentialUnavailableException.class);
        if (unavailable != null) {
            return "no credential is configured (" + firstLine(unavailable.getMessage()) + ")";
        }
        return find(error, IOException.class) != null ? "the authority could not be reached" : "the credential was refused";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no details";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** A broken exchange, in words: which step failed, never a Java class name. */
    private static String describeIo(IOException io) {
        if (io instanceof WritePermitCheck.WriteNotPermitted) {
            return io.getMessage();
        }
        if (io instanceof java.net.SocketTimeoutException || io instanceof java.io.InterruptedIOException) {
            return "Graph did not answer in time";
        }
        if (io instanceof UnknownHostException) {
            return "Graph's host name could not be resolved";
        }
        if (io instanceof ConnectException || io instanceof NoRouteToHostException) {
            return "could not connect to Graph";
        }
        if (io instanceof SSLHandshakeException) {
            return "the TLS handshake with Graph failed (is its certificate trusted?)";
        }
        return "the connection to Graph broke";
    }

    private GraphFailure fromIoFailure(IOException io, CallKind kind) {
        String message = describeIo(io);
        if (kind == CallKind.WRITE_ONCE && !provablyNotSent(io)) {
            return new GraphFailure.Ambiguous(redactor.clean(message), null);
        }
        return new GraphFailure.Transient(0, redactor.clean(message), null, null);
    }

    /** Failures that happen before a single byte of the request can have reached Graph. */
    private static final Set<Class<? extends IOException>> NOT_SENT = Set.of(
            ConnectException.class, UnknownHostException.class, NoRouteToHostException.class,
            SSLHandshakeException.class, WritePermitCheck.WriteNotPermitted.class);

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
