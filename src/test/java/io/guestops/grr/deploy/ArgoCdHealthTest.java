package io.guestops.grr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** The Argo CD health check (manifests/argocd/health.lua), run with LuaJ against status fixtures. */
class ArgoCdHealthTest {

    private static final String READY = "{type: Ready, status: 'True', reason: RedemptionReset, message: reset issued}";
    private static final String NOT_READY = "{type: Ready, status: 'False', reason: Waiting, message: not yet}";
    private static final String RECONCILING = "{type: Reconciling, status: 'True', reason: Throttled, message: Graph said wait 30s}";
    private static final String NOT_RECONCILING = "{type: Reconciling, status: 'False', reason: Settled, message: done}";
    private static final String STALLED = "{type: Stalled, status: 'True', reason: NotAGuest, message: the user is a member}";
    private static final String NOT_STALLED = "{type: Stalled, status: 'False', reason: Settled, message: fine}";

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("no status yet", resource(2, null), "Progressing", "Waiting for the operator"),
                Arguments.of("Ready=True", resource(2, status(2, READY, NOT_RECONCILING, NOT_STALLED)), "Healthy", "RedemptionReset: reset issued"),
                Arguments.of("Reconciling=True", resource(2, status(2, NOT_READY, RECONCILING, NOT_STALLED)), "Progressing", "Throttled: Graph said wait 30s"),
                Arguments.of("Stalled=True", resource(2, status(2, NOT_READY, NOT_RECONCILING, STALLED)), "Degraded", "NotAGuest: the user is a member"),
                Arguments.of("Ready=True for an older generation", resource(3, status(2, READY, NOT_RECONCILING, NOT_STALLED)), "Progressing",
                        "has not acted on generation 3"),
                Arguments.of("Stalled=True for an older generation", resource(3, status(2, NOT_READY, NOT_RECONCILING, STALLED)), "Progressing",
                        "has not acted on generation 3"),
                Arguments.of("status without observedGeneration", resource(1, "{conditions: [" + READY + "]}"), "Progressing",
                        "has not acted on generation 1"),
                Arguments.of("observedGeneration but no conditions", resource(1, "{observedGeneration: 1}"), "Progressing", "Waiting for the operator"),
                Arguments.of("Ready=False only", resource(1, status(1, NOT_READY)), "Progressing", "Waiting: not yet"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("fixtures")
    void healthFollowsTheConditions(String fixture, Map<String, Object> resource, String expectedStatus, String messagePart) {
        ArgoCdHealth.Health health = ArgoCdHealth.of(resource);

        assertThat(health.status()).isEqualTo(expectedStatus);
        assertThat(health.message()).contains(messagePart);
    }

    @Test
    void theConfigMapPatchCarriesTheSameScript() throws IOException {
        Map<String, Object> patch = new Yaml().load(Files.readString(Path.of("manifests", "argocd", "argocd-cm-patch.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) patch.get("data");

        assertThat(data).containsOnlyKeys("resource.customizations.health.guestops.io_GuestRedemptionReset");
        assertThat(data.get("resource.customizations.health.guestops.io_GuestRedemptionReset")).isEqualTo(ArgoCdHealth.script());
    }

    private static String status(int observedGeneration, String... conditions) {
        return "{observedGeneration: " + observedGeneration + ", conditions: [" + String.join(", ", conditions) + "]}";
    }

    private static Map<String, Object> resource(int generation, String status) {
        return new Yaml().load("apiVersion: guestops.io/v1alpha1\nkind: GuestRedemptionReset\n"
                + "metadata: {name: alex, namespace: default, generation: " + generation + "}\n"
                + (status == null ? "" : "status: " + status + "\n"));
    }
}
