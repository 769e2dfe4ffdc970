package io.guestops.grr.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each exchange the SDK gateway has with Graph (the emulator) or its token authority counts once,
 * under its route template and outcome: every attempt of the SDK's own retries, an answer that
 * never came, and a credential the authority refused before Graph was ever called.
 */
class GraphCallMetricsTest {

    private static final String ALEX = "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01";
    private static final String NOBODY = "00000000-0000-4000-8000-000000000000";
    private static final String TOKEN = "/{tenant}/oauth2/v2.0/token";

    private static final Seed SEED = Seeds.examples();

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> SEED);

    /** What Graph does, what the gateway is asked, and the one series (with its count) that must show it. */
    static Stream<Arguments> exchanges() {
        Consumer<GraphEmulator> nothing = e -> { };
        return Stream.of(
                Arguments.of("a read Graph answers", nothing, read(ALEX), "/users/{id}", "GET", "2xx", 1.0),
                Arguments.of("a user that does not exist", nothing, read(NOBODY), "/users/{id}", "GET", "404", 1.0),
                Arguments.of("a 503 the SDK tries again, twice in all", fault(FaultRule.times("/users/*", "GET",
                        FaultKind.UNAVAILABLE, 2)), read(ALEX), "/users/{id}", "GET", "5xx", 2.0),
                Arguments.of("a 429 waiting longer than the SDK may", fault(FaultRule.times("/users/*", "GET",
                        FaultKind.THROTTLE, 1).withRetryAfter(30)), read(ALEX), "/users/{id}", "GET", "429", 1.0),
                Arguments.of("a reset whose answer is lost", fault(FaultRule.times("/invitations", "POST",
                        FaultKind.COMMIT_THEN_DROP, 1)), reset(ALEX), "/invitations", "POST", "ambiguous", 1.0),
                Arguments.of("a reset Graph answers", nothing, reset(ALEX), "/invitations", "POST", "2xx", 1.0),
                Arguments.of("a token for the operator's credential", nothing, read(ALEX), TOKEN, "POST", "2xx", 1.0));
    }

    @ParameterizedTest(name = "{0}: {4} {3} {5} x{6}")
    @MethodSource("exchanges")
    void eachExchangeCountsUnderItsRouteAndOutcome(String scenario, Consumer<GraphEmulator> graphDoes,
                                                   Consumer<GraphGateway> call, String route, String method, String outcome,
                                                   double count) {
        graphDoes.accept(GRAPH.emulator());
        OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
        try (SdkGraphGateway gateway = GraphGateways.create(connection(operatorSecret()), metrics.instrumentation().graphCalls())) {
            call.accept(gateway);
        }
        PrometheusText scraped = PrometheusText.parse(metrics.scrape());
        assertThat(scraped.value("grr_graph_calls_total", "route", route, "method", method, "outcome", outcome))
                .as(scraped.text()).isEqualTo(count);
    }

    @ParameterizedTest(name = "Retry-After {0} s")
    @MethodSource("retryAfters")
    void theWaitsGraphAskedForAddUp(int seconds, double expectedTotal) {
        GRAPH.emulator().faults().add(FaultRule.times("/users/*", "GET", FaultKind.THROTTLE, 1).withRetryAfter(seconds));
        OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
        try (SdkGraphGateway gateway = GraphGateways.create(connection(operatorSecret()), metrics.instrumentation().graphCalls())) {
            gateway.getUser(ALEX);
        }
        assertThat(PrometheusText.parse(metrics.scrape()).value("grr_graph_retry_after_seconds_total")).isEqualTo(expectedTotal);
    }

    static Stream<Arguments> retryAfters() {
        return Stream.of(Arguments.of(1, 1.0), Arguments.of(30, 30.0));
    }

    @org.junit.jupiter.api.Test
    void aRefusedCredentialIsA401OnTheTokenRouteAndGraphIsNeverCalled() {
        OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
        try (SdkGraphGateway gateway = GraphGateways.create(connection(operatorSecret() + "-wrong"),
                metrics.instrumentation().graphCalls())) {
            assertThat(gateway.getUser(ALEX).isSuccess()).isFalse();
        }
        PrometheusText scraped = PrometheusText.parse(metrics.scrape());
        assertThat(scraped.value("grr_graph_calls_total", "route", TOKEN, "method", "POST", "outcome", "401")).isEqualTo(1.0);
        assertThat(scraped.sum("grr_graph_calls_total")).isEqualTo(1.0);
        assertThat(scraped.text()).doesNotContain(operatorSecret());
    }

    /** Graph's write bucket holds 2 while the operator is configured for 3,000: the third reset's 429 lowers the pace. */
    @org.junit.jupiter.api.Test
    void thePaceLearnedFromATenantScoped429IsAGaugePerApplicationAndTenant() {
        GRAPH.emulator().throttling().reset(ThrottleLimits.graphDefaults().withWritesPer150s(2));
        try {
            OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
            GraphConnection connection = connection(operatorSecret());
            String[] labels = {"application", connection.clientId(), "tenant", connection.tenantId()};
            try (SdkGraphGateway gateway = GraphGateways.create(connection, metrics.instrumentation().graphCalls())) {
                assertThat(PrometheusText.parse(metrics.scrape()).value("grr_graph_paced_writes_per_150s", labels)).isEqualTo(3_000.0);
                for (int i = 0; i < 3; i++) {
                    reset(ALEX).accept(gateway);
                }
            }
            PrometheusText scraped = PrometheusText.parse(metrics.scrape());
            // 0.95 of the 2 writes Graph admitted, but never below the floor: 1 % of the configured 3,000.
            assertThat(scraped.value("grr_graph_paced_writes_per_150s", labels)).as(scraped.text()).isBetween(30.0, 30.1);
            assertThat(scraped.value("grr_graph_paced_resource_units_per_10s", labels)).isEqualTo(3_500.0); // Graph named the write limit
        } finally {
            GRAPH.emulator().throttling().reset(ThrottleLimits.graphDefaults());
        }
    }

    private static Consumer<GraphEmulator> fault(FaultRule rule) {
        return e -> e.faults().add(rule);
    }

    private static Consumer<GraphGateway> read(String userId) {
        return gateway -> gateway.getUser(userId);
    }

    private static Consumer<GraphGateway> reset(String userId) {
        return gateway -> gateway.resetRedemption(new ResetInvitation(userId, "alex@fabrikam.com", "https://myapps.microsoft.com",
                false, null, null, null));
    }

    private static String operatorSecret() {
        return SEED.applications().stream().filter(a -> !a.secrets().isEmpty()).findFirst().orElseThrow().secrets().get(0);
    }

    /** The operator's connection to the emulator ({@link EmulatorFixture#connection}), with this secret and short SDK waits. */
    private static GraphConnection connection(String secret) {
        GraphConnection usual = GRAPH.connection();
        return GraphConnection.builder().graphEndpoint(usual.graphEndpoint()).authorityHost(usual.authorityHost())
                .tenantId(usual.tenantId()).clientId(usual.clientId()).clientSecret(secret)
                .trustCertificate(GRAPH.emulator().trustedCertificate())
                .sdkRetries(new GraphConnection.SdkRetries(1, Duration.ofSeconds(2))).build();
    }
}
