package io.guestops.grr.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ProbeServer;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /metrics on the health port of a running operator (embedded Kubernetes, Graph emulator, the SDK
 * gateway), after a reset whose request Graph held for a while, a read Graph throttled, and a
 * member the operator refused: every metric is there with the labels and values they make.
 */
class MetricsEndToEndTest {

    private static final String ALEX = "alex-new-identity-provider";
    private static final String FRANK = "frank-is-a-member";
    private static final int RETRY_AFTER_SECONDS = 3;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Seed SEED = Seeds.examples();

    /** The operator is started by the class, with its metrics as instrumentation. */
    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withoutOperator(() -> SEED);
    private static ProbeServer probes;
    /** A scrape taken while Graph held the reset request: the intent recorded, no answer yet. */
    private static PrometheusText whileResetUnanswered;

    @BeforeAll
    static void resetThrottleAndStall() {
        OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
        DevEnvironment.RunningOperator operator = DEV.environment().startOperator(OperatorSettings.defaults()
                .toBuilder().settleWindow(Duration.ofSeconds(5)).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).threads(4).build(),
                metrics.instrumentation());
        metrics.readResourcesFrom(operator::cachedResources);
        try {
            probes = ProbeServer.start(0, operator::isReady, metrics::scrape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The first lookup by mail is throttled (the SDK waits the Retry-After and asks again), and
        // the reset request is held 3 s before Graph handles it.
        DEV.emulator().faults().add(FaultRule.times("/users", "GET", FaultKind.THROTTLE, 1)
                .withRetryAfter(RETRY_AFTER_SECONDS));
        DEV.emulator().faults().add(new FaultRule("/invitations", "POST", FaultKind.LATENCY, 1, null, null, 3000L));
        DEV.createExample("01-new-email-and-identity-provider.yaml");
        DEV.createExample("05-member-is-refused.yaml");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> scrape().value("grr_pending_resets") == 1.0);
        whileResetUnanswered = scrape();
        await().atMost(Duration.ofSeconds(60)).until(() -> settled(ALEX) && settled(FRANK));
    }

    @AfterAll
    static void stop() {
        if (probes != null) {
            probes.close();
        }
    }

    @Test
    void aResetIsCountedOnceIssuedAndOnceConfirmedByGraphsAnswer() {
        untilScraped(metrics -> {
            assertThat(metrics.value("grr_resets_issued_total")).isEqualTo(1.0);
            assertThat(metrics.value("grr_resets_total", "confirmed_by", "GraphResponse")).isEqualTo(1.0);
            assertThat(metrics.value("grr_resets_total", "confirmed_by", "UserState")).isEqualTo(0.0);
            assertThat(metrics.value("grr_graph_calls_total", "route", "/invitations", "method", "POST", "outcome", "2xx"))
                    .isEqualTo(1.0);
            assertThat(metrics.value("grr_graph_calls_total", "route", "/users/{id}", "method", "PATCH", "outcome", "2xx"))
                    .isEqualTo(1.0);
            assertThat(metrics.value("grr_graph_calls_total", "route", "/{tenant}/oauth2/v2.0/token", "method", "POST",
                    "outcome", "2xx")).isGreaterThanOrEqualTo(1.0);
        });
    }

    @Test
    void aResetWithoutAnswerIsPendingUntilGraphAnswers() {
        assertThat(whileResetUnanswered.value("grr_pending_resets")).isEqualTo(1.0);
        assertThat(whileResetUnanswered.value("grr_pending_reset_oldest_age_seconds")).isBetween(0.0, 5.0);
        assertThat(whileResetUnanswered.value("grr_resources", "condition", "Reconciling", "reason", "ResettingRedemption"))
                .isEqualTo(1.0);
        untilScraped(metrics -> {
            assertThat(metrics.value("grr_pending_resets")).isEqualTo(0.0);
            assertThat(metrics.value("grr_pending_reset_oldest_age_seconds")).isEqualTo(0.0);
        });
    }

    @Test
    void aThrottledReadIsCountedWithTheWaitGraphAskedFor() {
        PrometheusText metrics = scrape();
        assertThat(metrics.value("grr_graph_calls_total", "route", "/users", "method", "GET", "outcome", "429")).isEqualTo(1.0);
        assertThat(metrics.value("grr_graph_calls_total", "route", "/users", "method", "GET", "outcome", "2xx"))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(metrics.value("grr_graph_retry_after_seconds_total")).isEqualTo((double) RETRY_AFTER_SECONDS);
        assertThat(metrics.sum("grr_graph_calls_total")).isGreaterThan(metrics.value("grr_graph_calls_total", "route", "/users",
                "method", "GET", "outcome", "429"));
    }

    @Test
    void resourcesAreCountedByTheirDecidingConditionAndReason() {
        untilScraped(metrics -> {
            String alexReason = get(ALEX).getStatus().condition("Ready").orElseThrow().getReason();
            assertThat(metrics.value("grr_resources", "condition", "Ready", "reason", alexReason)).isEqualTo(1.0);
            assertThat(metrics.value("grr_resources", "condition", "Stalled", "reason", "NotAGuest")).isEqualTo(1.0);
            assertThat(metrics.sum("grr_resources")).isEqualTo(2.0);
        });
    }

    @Test
    void theActingReplicaLeadsAndNoPolicyHasDeniedAnything() {
        PrometheusText metrics = scrape();
        assertThat(metrics.value("grr_leader")).isEqualTo(1.0);
        assertThat(metrics.value("grr_policy_denials_total")).isEqualTo(0.0);
    }

    @Test
    void josdksReconcileMetricsAreExportedBeside() {
        PrometheusText metrics = scrape();
        assertThat(metrics.sum("operator_sdk_reconciliations_started_total")).isGreaterThanOrEqualTo(2.0);
        assertThat(metrics.sum("operator_sdk_reconciliations_success_total")).isGreaterThanOrEqualTo(2.0);
        assertThat(metrics.sum("operator_sdk_controllers_execution_reconcile_seconds_count")).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void noLabelCarriesAnAddressAUserIdASecretOrAToken() {
        PrometheusText metrics = scrape();
        List<String> forbidden = new ArrayList<>();
        for (DirectoryUser user : SEED.users()) {
            forbidden.add(user.id());
            forbidden.add(user.mail());
        }
        SEED.applications().forEach(app -> forbidden.addAll(app.secrets()));
        forbidden.add("alex.wilber@outlook.com");
        assertThat(metrics.labelValues()).isNotEmpty().allSatisfy(value -> {
            assertThat(value).doesNotContain("@").doesNotContain("eyJ").doesNotContainIgnoringCase("redeem");
            forbidden.stream().filter(f -> f != null).forEach(f -> assertThat(value).doesNotContainIgnoringCase(f));
        });
        forbidden.stream().filter(f -> f != null).forEach(f -> assertThat(metrics.text()).doesNotContainIgnoringCase(f));
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metricsUri()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE grr_graph_calls_total counter", "# TYPE grr_resources gauge");
    }

    /** Scrapes until the expectations hold: the gauges follow the operator's passes, which may still be running. */
    private static void untilScraped(Consumer<PrometheusText> expectations) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> expectations.accept(scrape()));
    }

    private static PrometheusText scrape() {
        try {
            return PrometheusText.parse(HTTP.send(HttpRequest.newBuilder(metricsUri()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI metricsUri() {
        return URI.create("http://127.0.0.1:" + probes.port() + "/metrics");
    }

    private static GuestRedemptionReset get(String name) {
        return DEV.client().resources(GuestRedemptionReset.class).inNamespace("default").withName(name).get();
    }

    private static boolean settled(String name) {
        GuestRedemptionReset resource = get(name);
        return resource != null && resource.hasSettled();
    }
}
