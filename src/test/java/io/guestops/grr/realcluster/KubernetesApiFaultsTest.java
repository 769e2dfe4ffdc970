package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.guestops.grr.cli.StartedOperator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What grr_kubernetes_api_errors_total shows when the real API server refuses the operator or goes
 * away: a revoked permission is a 403 on exactly the refused verb and resource, a restarted control
 * plane is the operator's requests that got no answer; and none of it while all is well.
 */
class KubernetesApiFaultsTest {

    @RegisterExtension
    static final ManifestsOnRealKubernetes CLUSTER = new ManifestsOnRealKubernetes();

    @Test
    void aRevokedPermissionAndARestartedApiServerAreCounted(StartedOperator operator) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.metrics().contains("grr_leader 1.0"));
        assertThat(ApiErrorCounts.of(operator.metrics()).withCode("403")).isZero();

        // Someone deletes the binding that lets the operator hold its Lease: the next renewal is refused.
        CLUSTER.kube().kubectl("-n", OperatorUnderManifests.NAMESPACE, "delete", "rolebinding", "guest-redemption-operator-leader-election");
        await().atMost(Duration.ofSeconds(30)).until(() -> ApiErrorCounts.of(operator.metrics()).withCode("403") > 0);
        ApiErrorCounts refused = ApiErrorCounts.of(operator.metrics());
        assertThat(refused.byLabels().keySet().stream().filter(k -> k.endsWith(" 403")))
                .as("only Lease requests were refused").isNotEmpty().allMatch(k -> k.contains(" leases "));
        CLUSTER.kube().kubectl("apply", "-f", "manifests/rbac.yaml");

        // A restarted control plane answers nothing for a while, then 503 and, until its RBAC caches are
        // filled, 403 even to permitted requests: all of it counted, none of it a reason to page at once.
        CLUSTER.kube().restart(Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                ApiErrorCounts.of(operator.metrics()).withCode("connection")).isPositive());
        String metrics = operator.metrics();
        assertThat(metrics).contains("# HELP grr_kubernetes_api_errors_total");
        assertThat(metrics.lines().filter(l -> l.startsWith("grr_kubernetes_api_errors_total")))
                .allMatch(l -> l.matches("grr_kubernetes_api_errors_total\\{code=\"(\\d{3}|4xx|5xx|connection|timeout)\","
                        + "resource=\"[a-z/]+\",verb=\"[a-z]+\"} [0-9.E]+"));
    }
}
