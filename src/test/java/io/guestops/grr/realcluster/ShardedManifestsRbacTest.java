package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.cli.StartedOperator;
import io.guestops.grr.model.GuestRedemptionReset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * examples/sharded/ on the real API server: both shards' operators with the one ServiceAccount of
 * manifests/ and the shard options of their rendered Deployments settle the examples split between
 * them, each holding its own Lease, and the API server refuses neither.
 */
class ShardedManifestsRbacTest {

    @RegisterExtension
    static final ManifestsOnRealKubernetes CLUSTER = new ManifestsOnRealKubernetes();

    @Test
    void bothShardsRunWithTheServiceAccountOfManifests(OperatorUnderManifests installed) throws Exception {
        List<List<String>> shardArgs = shardOptionsOfTheRenderedDeployments();
        assertThat(shardArgs).hasSize(2);
        List<StartedOperator> shards = new ArrayList<>();
        for (List<String> args : shardArgs) {
            shards.add(installed.start(args.toArray(String[]::new)));
        }
        AtomicInteger next = new AtomicInteger();
        KubernetesClient admin = CLUSTER.kube().adminClient();
        OperatorUnderManifests.createExamples(admin, reset -> reset.getMetadata().getLabels()
                .put("guestops.io/shard", next.getAndIncrement() % 2 == 0 ? "a" : "b"));

        for (GuestRedemptionReset example : admin.resources(GuestRedemptionReset.class).inNamespace("default").list().getItems()) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                GuestRedemptionReset r = admin.resources(GuestRedemptionReset.class).inNamespace("default")
                        .withName(example.getMetadata().getName()).get();
                return r != null && r.hasSettled();
            });
        }
        for (String shard : List.of("a", "b")) {
            Lease lease = admin.leases().inNamespace(OperatorUnderManifests.NAMESPACE)
                    .withName("guest-redemption-operator-shard-" + shard).get();
            assertThat(lease.getSpec().getHolderIdentity()).as("shard " + shard + "'s Lease").isEqualTo(OperatorUnderManifests.IDENTITY);
        }
        for (StartedOperator shard : shards) {
            ApiErrorCounts failed = ApiErrorCounts.of(shard.metrics());
            assertThat(failed.withCode("403") + failed.withCode("401")).as("refused: %s", failed).isZero();
        }
    }

    /** --shard-selector and --lease-name of each Deployment `kubectl kustomize examples/sharded` renders. */
    private static List<List<String>> shardOptionsOfTheRenderedDeployments() {
        List<List<String>> shards = new ArrayList<>();
        for (Object document : new Yaml().loadAll(CLUSTER.kube().kubectl("kustomize", "examples/sharded"))) {
            Map<?, ?> object = (Map<?, ?>) document;
            if (!"Deployment".equals(object.get("kind"))) {
                continue;
            }
            Map<?, ?> podSpec = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) object.get("spec")).get("template")).get("spec");
            List<?> args = (List<?>) ((Map<?, ?>) ((List<?>) podSpec.get("containers")).get(0)).get("args");
            shards.add(args.stream().map(String::valueOf)
                    .filter(a -> a.startsWith("--shard-selector=") || a.startsWith("--lease-name=")).toList());
        }
        return shards;
    }
}
