package io.guestops.grr.graph.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import com.microsoft.graph.models.odataerrors.InnerError;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ApiExceptionBuilder;
import com.microsoft.kiota.ResponseHeaders;
import io.guestops.grr.graph.gateway.CallKind;
import io.guestops.grr.graph.gateway.GraphFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailureMappingTest {

    private static final String SECRET = "s3cr3t-Value~42";
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final FailureMapping mapping = new FailureMapping(new Redactor(SECRET), () -> NOW);

    @Test
    void notFoundKeepsGraphsCodeMessageAndRequestId() {
        GraphFailure failure = mapping.map(odataError(404, "Request_ResourceNotFound", "Resource 'x' does not exist",
                Map.of("request-id", "rid-404")), CallKind.READ);

        assertThat(failure).isEqualTo(new GraphFailure.NotFound("Request_ResourceNotFound", "Resource 'x' does not exist", "rid-404"));
    }

    @Test
    void badRequestOnTheResetIsInvalidRequestWithGraphsCode() {
        String message = "The email you're using to invite this user doesn't match any emails on the user object.";
        GraphFailure failure = mapping.map(odataError(400, "BadRequest", message, Map.of("request-id", "rid-400")),
                CallKind.WRITE_ONCE);

        assertThat(failure).isEqualTo(new GraphFailure.InvalidRequest(400, "BadRequest", message, "rid-400"));
    }

    @Test
    void requestIdFallsBackToTheInnerError() {
        ODataError error = odataError(403, "Authorization_RequestDenied", "Insufficient privileges", Map.of());
        InnerError inner = new InnerError();
        inner.setRequestId("rid-inner");
        error.getError().setInnerError(inner);

        GraphFailure failure = mapping.map(error, CallKind.READ);

        assertThat(failure).isInstanceOf(GraphFailure.Forbidden.class);
        assertThat(failure.requestId()).isEqualTo("rid-inner");
    }

    @Test
    void unauthorizedIsForbidden() {
        GraphFailure failure = mapping.map(odataError(401, "InvalidAuthenticationToken", "Access token is empty.",
                Map.of()), CallKind.IDEMPOTENT_WRITE);

        assertThat(failure).isEqualTo(new GraphFailure.Forbidden(401, "InvalidAuthenticationToken", "Access token is empty.", null));
    }

    @Test
    void throttledCarriesRetryAfterInSecondsOrAsDate() {
        GraphFailure seconds = mapping.map(odataError(429, "TooManyRequests", "slow down",
                Map.of("Retry-After", "17", "request-id", "rid-429")), CallKind.READ);
        GraphFailure date = mapping.map(odataError(429, "TooManyRequests", "slow down",
                Map.of("Retry-After", "Wed, 01 Jan 2025 00:01:00 GMT")), CallKind.READ);

        assertThat(seconds).isEqualTo(new GraphFailure.Throttled(Duration.ofSeconds(17), "rid-429"));
        assertThat(((GraphFailure.Throttled) date).retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void serverErrorOnAReadOrPatchIsTransient() {
        GraphFailure read = mapping.map(odataError(503, "serviceNotAvailable", "try later",
                Map.of("Retry-After", "5")), CallKind.READ);
        GraphFailure patch = mapping.map(bareApiException(500), CallKind.IDEMPOTENT_WRITE);

        assertThat(read).isInstanceOfSatisfying(GraphFailure.Transient.class, t -> {
            assertThat(t.httpStatus()).isEqualTo(503);
            assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(patch).isInstanceOfSatisfying(GraphFailure.Transient.class, t -> assertThat(t.httpStatus()).isEqualTo(500));
    }

    @Test
    void serverErrorOrThrottlingOnTheResetIsAmbiguous() {
        GraphFailure unavailable = mapping.map(odataError(503, "serviceNotAvailable", "try later",
                Map.of("request-id", "rid-503")), CallKind.WRITE_ONCE);
        GraphFailure throttled = mapping.map(odataError(429, "TooManyRequests", "slow down", Map.of()), CallKind.WRITE_ONCE);
        GraphFailure noBody = mapping.map(bareApiException(502), CallKind.WRITE_ONCE);

        assertThat(unavailable).isInstanceOf(GraphFailure.Ambiguous.class);
        assertThat(unavailable.requestId()).isEqualTo("rid-503");
        assertThat(throttled).isInstanceOf(GraphFailure.Ambiguous.class);
        assertThat(noBody).isInstanceOf(GraphFailure.Ambiguous.class);
    }

    @Test
    void aBrokenExchangeIsAmbiguousForTheResetButTransientForReads() {
        RuntimeException lost = new RuntimeException(new IOException("unexpected end of stream"));
        RuntimeException timeout = new RuntimeException(new SocketTimeoutException("timeout"));

        assertThat(mapping.map(lost, CallKind.WRITE_ONCE)).isInstanceOf(GraphFailure.Ambiguous.class);
        assertThat(mapping.map(timeout, CallKind.WRITE_ONCE)).isInstanceOf(GraphFailure.Ambiguous.class);
        assertThat(mapping.map(new RuntimeException(new InterruptedIOException("timeout")), CallKind.WRITE_ONCE))
                .isInstanceOf(GraphFailure.Ambiguous.class);
        assertThat(mapping.map(lost, CallKind.READ)).isInstanceOf(GraphFailure.Transient.class);
        assertThat(mapping.map(timeout, CallKind.IDEMPOTENT_WRITE)).isInstanceOf(GraphFailure.Transient.class);
    }

    @Test
    void aRefusedConnectionNeverReachedGraphSoTheResetIsTransient() {
        RuntimeException refused = new RuntimeException(new ConnectException("Connection refused"));

        assertThat(mapping.map(refused, CallKind.WRITE_ONCE)).isInstanceOfSatisfying(GraphFailure.Transient.class,
                t -> assertThat(t.httpStatus()).isZero());
    }

    @Test
    void aRefusedCredentialIsForbiddenAndTheSecretIsScrubbed() {
        var refused = new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided: " + SECRET, null);

        GraphFailure failure = mapping.map(refused, CallKind.WRITE_ONCE);

        assertThat(failure).isInstanceOfSatisfying(GraphFailure.Forbidden.class, f -> {
            assertThat(f.httpStatus()).isEqualTo(401);
            assertThat(f.code()).isEqualTo("CredentialRejected");
        });
        assertThat(failure.describe()).contains("AADSTS7000215").doesNotContain(SECRET);
    }

    @Test
    void aTokenFailureSaysWhatTheAuthoritySaidWithoutTheExceptionChain() {
        var chain = new ClientAuthenticationException("java.util.concurrent.ExecutionException: "
                + "com.microsoft.aad.msal4j.MsalServiceException: AADSTS7000215: Invalid client secret provided. "
                + "Trace ID: 3d3f Correlation ID: 5deb Timestamp: 2026-11-29 08:32:37Z", null);

        assertThat(mapping.map(chain, CallKind.READ).describe())
                .contains("AADSTS7000215: Invalid client secret provided.")
                .doesNotContain("java.util", "Exception", "Trace ID");
    }

    @Test
    void aBrokenConnectionIsDescribedInWordsNotClassNames() {
        var timeout = new RuntimeException(new java.net.SocketTimeoutException("timeout"));
        assertThat(mapping.map(timeout, CallKind.READ).describe()).contains("Graph did not answer in time")
                .doesNotContain("SocketTimeoutException", "RuntimeException");
    }

    @Test
    void aMissingCredentialIsForbiddenWithItsOwnCode() {
        GraphFailure failure = mapping.map(new CredentialUnavailableException("no token file"), CallKind.READ);

        assertThat(failure).isInstanceOfSatisfying(GraphFailure.Forbidden.class,
                f -> assertThat(f.code()).isEqualTo("CredentialUnavailable"));
    }

    @Test
    void anUnreachableAuthorityIsTransient() {
        var unreachable = new ClientAuthenticationException("token request failed", null,
                new RuntimeException(new ConnectException("Connection refused")));

        assertThat(mapping.map(unreachable, CallKind.WRITE_ONCE)).isInstanceOf(GraphFailure.Transient.class);
    }

    @ParameterizedTest
    @EnumSource(CallKind.class)
    void messagesNeverCarryTokensSecretsOrRedeemLinks(CallKind kind) {
        String leaky = "failed with Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl for " + SECRET
                + " see https://login.microsoftonline.com/redeem?rd=abc&tenant=1";
        GraphFailure failure = mapping.map(odataError(400, "BadRequest", leaky, Map.of()), kind);

        assertThat(failure.describe()).doesNotContain("eyJ", SECRET, "rd=abc", "/redeem");
    }

    private static ODataError odataError(int status, String code, String message, Map<String, String> headers) {
        MainError main = new MainError();
        main.setCode(code);
        main.setMessage(message);
        ODataError error = new ODataError();
        error.setError(main);
        return (ODataError) new ApiExceptionBuilder(() -> error)
                .withResponseStatusCode(status)
                .withResponseHeaders(headersOf(headers))
                .build();
    }

    private static ApiException bareApiException(int status) {
        return new ApiExceptionBuilder().withMessage("service returned status code" + status)
                .withResponseStatusCode(status).withResponseHeaders(new ResponseHeaders()).build();
    }

    private static ResponseHeaders headersOf(Map<String, String> values) {
        ResponseHeaders headers = new ResponseHeaders();
        values.forEach(headers::add);
        return headers;
    }
}
