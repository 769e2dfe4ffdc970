package io.guestops.grr.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.Seeds;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas on one Lease, each with its own metrics: {@code grr_leader} is 1 on the one that
 * holds the Lease and 0 on the standby, moves when the leader stops, and both count the resources
 * alike because both read their informer caches.
 */
class LeaderMetricsTest {

    /** The replicas are started by the test, each with metrics of its own. */
    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withoutOperator(Seeds::examples);

    @Test
    void theLeaderSaysSoTheStandbyTakesOverAndBothCountTheResources() {
        OperatorMetrics firstMetrics = new OperatorMetrics(Clock.systemUTC());
        DevEnvironment.RunningOperator first = start("replica-a", firstMetrics);
        await().atMost(Duration.ofSeconds(30)).until(() -> leader(firstMetrics) == 1.0);
        OperatorMetrics secondMetrics = new OperatorMetrics(Clock.systemUTC());
        start("replica-b", secondMetrics);
        await().atMost(Duration.ofSeconds(30)).until(() -> stalledMembers(secondMetrics) == null && leader(secondMetrics) == 0.0);

        DEV.createExample("05-member-is-refused.yaml");
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
        DevEnvironment.RunningOperator operator = DEV.startReplica(identity, OperatorSettings.defaults(), metrics.instrumentation());
        metrics.readResourcesFrom(operator::cachedResources);
        return operator;
    }

    private static Double leader(OperatorMetrics metrics) {
        return PrometheusText.parse(metrics.scrape()).value("grr_leader");
    }

    private static Double stalledMembers(OperatorMetrics metrics) {
        return PrometheusText.parse(metrics.scrape()).value("grr_resources", "condition", "Stalled", "reason", "NotAGuest");
    }
}
