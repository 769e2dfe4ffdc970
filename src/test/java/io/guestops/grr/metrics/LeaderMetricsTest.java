package io.guestops.grr.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one Lease, each with its own metrics: {@code grr_leader} is 1 on the one that
 * holds the Lease and 0 on the standby, moves when the leader stops, and both count the resources
 * alike because both read their informer caches.
 */
class LeaderMetricsTest {

    private static DevEnvironment environment;

    @BeforeAll
    static void start() {
        environment = DevEnvironment.withEmulator(Seed.load(Path.of("examples/emulator/seed.yaml")), UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void theLeaderSaysSoTheStandbyTakesOverAndBothCountTheResources() {
        OperatorMetrics firstMetrics = new OperatorMetrics(Clock.systemUTC());
        DevEnvironment.RunningOperator first = start("replica-a", firstMetrics);
        await().atMost(Duration.ofSeconds(30)).until(() -> leader(firstMetrics) == 1.0);
        OperatorMetrics secondMetrics = new OperatorMetrics(Clock.systemUTC());
        start("replica-b", secondMetrics);
        await().atMost(Duration.ofSeconds(30)).until(() -> stalledMembers(secondMetrics) == null && leader(secondMetrics) == 0.0);

        apply("05-member-is-refused.yaml");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stalledMembers(firstMetrics)).isEqualTo(1.0);
            assertThat(stalledMembers(secondMetrics)).as("the standby's cache holds the leader's status too").isEqualTo(1.0);
        });
        assertThat(leader(firstMetrics)).isEqualTo(1.0);
        assertThat(leader(secondMetrics)).isEqualTo(0.0);

        first.stop();
        assertThat(leader(firstMetrics)).isEqualTo(0.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> leader(secondMetrics) == 1.0);
    }

    private static DevEnvironment.RunningOperator start(String identity, OperatorMetrics metrics) {
        OperatorSettings settings = OperatorSettings.builder().leaderElection(new OperatorSettings.LeaderElection(
                "guest-redemption-operator", "default", identity, Duration.ofSeconds(2), Duration.ofMillis(1500),
                Duration.ofMillis(250), false)).build();
        DevEnvironment.RunningOperator operator = environment.startOperator(settings, metrics.instrumentation());
        metrics.readResourcesFrom(operator::cachedResources);
        return operator;
    }

    private static Double leader(OperatorMetrics metrics) {
        return PrometheusText.parse(metrics.scrape()).value("grr_leader");
    }

    private static Double stalledMembers(OperatorMetrics metrics) {
        return PrometheusText.parse(metrics.scrape()).value("grr_resources", "condition", "Stalled", "reason", "NotAGuest");
    }

    private static void apply(String example) {
        KubernetesClient client = environment.client();
        try (InputStream in = Files.newInputStream(Path.of("examples").resolve(example))) {
            client.resource(client.resources(GuestRedemptionReset.class).load(in).item()).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
