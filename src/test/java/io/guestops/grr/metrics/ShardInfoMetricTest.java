package io.guestops.grr.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /metrics says which shard a replica belongs to, so the shards' replicas can be told apart on a dashboard. */
class ShardInfoMetricTest {

    @ParameterizedTest(name = "selector {0}, namespaces {1}")
    @CsvSource(nullValues = "none", delimiter = '|', value = {
            "guestops.io/shard=a | none        | grr_shard_info{namespaces=\"*\",selector=\"guestops.io/shard=a\"} 1",
            "none                | team-b,team-a | grr_shard_info{namespaces=\"team-a,team-b\",selector=\"*\"} 1",
            "none                | none        | grr_shard_info{namespaces=\"*\",selector=\"*\"} 1"})
    void theShardIsAnInfoMetric(String selector, String namespaces, String expectedLine) {
        OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
        metrics.describeShard(selector, namespaces == null ? Set.of() : Set.of(namespaces.split(",")));

        assertThat(metrics.scrape().lines()).contains(expectedLine);
    }
}
