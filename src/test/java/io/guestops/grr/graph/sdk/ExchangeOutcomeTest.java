package io.guestops.grr.graph.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every answer, and every failure to get one, becomes one of a few outcome labels. */
class ExchangeOutcomeTest {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource(textBlock = """
            200, 2xx
            201, 2xx
            204, 2xx
            400, 400
            401, 401
            403, 403
            404, 404
            405, 400
            409, 409
            412, 400
            429, 429
            500, 5xx
            503, 5xx
            504, 5xx
            """)
    void anAnswerBecomesOneOfAFewOutcomes(int status, String outcome) {
        assertThat(ExchangeOutcome.ofStatus(status)).isEqualTo(outcome);
    }

    static Stream<Arguments> tokenFailures() {
        return Stream.of(
                Arguments.of("no credential configured", new CredentialUnavailableException("no federated token file"), "401"),
                Arguments.of("a credential the authority refused", new ClientAuthenticationException("invalid_client", null), "401"),
                Arguments.of("the authority unreachable", new UncheckedIOException(new ConnectException("refused")), "ambiguous"),
                Arguments.of("the authority too slow", new ClientAuthenticationException("timed out", null,
                        new SocketTimeoutException("read timed out")), "ambiguous"),
                Arguments.of("the request interrupted (the operator stopping)", new RuntimeException(new InterruptedException()),
                        "ambiguous"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("tokenFailures")
    void aFailedTokenRequestIsARefusalOrNoAnswer(String scenario, RuntimeException failure, String outcome) {
        assertThat(ExchangeOutcome.ofTokenFailure(failure)).isEqualTo(outcome);
    }
}
