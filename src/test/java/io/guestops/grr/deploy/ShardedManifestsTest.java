package io.guestops.grr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What `kubectl kustomize examples/sharded/` renders: the base install with one Deployment per
 * shard instead of the single one, each selecting its own resources and holding its own Lease.
 */
class ShardedManifestsTest {

    private static final String KUBECTL = System.getenv().getOrDefault("KUBECTL", "kubectl");
    private static List<Map<String, Object>> sharded;
    private static List<Map<String, Object>> base;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        sharded = kustomize("examples/sharded");
        base = kustomize("manifests");
    }

    @Test
    void theBaseInstallWithOneDeploymentPerShardInsteadOfTheSingleOne() {
        List<String> expected = new ArrayList<>(base.stream().filter(o -> !"Deployment".equals(o.get("kind")))
                .map(ShardedManifestsTest::id).toList());
        expected.add("Deployment/guest-redemption-operator-shard-a");
        expected.add("Deployment/guest-redemption-operator-shard-b");

        assertThat(sharded).extracting(ShardedManifestsTest::id).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "shard {0}")
    @ValueSource(strings = {"a", "b"})
    void eachShardSelectsItsResourcesHoldsItsOwnLeaseAndOwnsOnlyItsPods(String shard) {
        Map<String, Object> deployment = sharded.stream()
                .filter(o -> id(o).equals("Deployment/guest-redemption-operator-shard-" + shard)).findFirst().orElseThrow();
        Map<String, Object> spec = map(deployment.get("spec"));
        Map<String, Object> container = map(list(map(map(spec.get("template")).get("spec")).get("containers")).get(0));

        assertThat(list(container.get("args"))).contains("run", "--shard-selector=guestops.io/shard=" + shard,
                "--lease-name=guest-redemption-operator-shard-" + shard);
        assertThat(map(map(spec.get("selector")).get("matchLabels"))).containsEntry("guestops.io/shard", shard);
        assertThat(map(map(map(spec.get("template")).get("metadata")).get("labels"))).containsEntry("guestops.io/shard", shard);
        assertThat(spec.get("replicas")).as("a leader and a standby per shard").isEqualTo(2);
    }

    private static List<Map<String, Object>> kustomize(String directory) throws IOException, InterruptedException {
        Process kustomize = new ProcessBuilder(KUBECTL, "kustomize", directory).redirectErrorStream(true).start();
        String output = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kustomize.exitValue()).as(output).isZero();
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            rendered.add(map(document));
        }
        return rendered;
    }

    private static String id(Map<String, Object> object) {
        return object.get("kind") + "/" + map(object.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }
}
