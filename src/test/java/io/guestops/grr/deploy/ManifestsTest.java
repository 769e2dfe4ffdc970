package io.guestops.grr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** What `kubectl kustomize manifests/` renders: least-privilege RBAC, probes, a locked-down pod, scraping and alerts. */
class ManifestsTest {

    /** Where a runbook_url's path inside the repository begins. */
    private static final String REPOSITORY_FILES = "https://github.com/guestops/guest-redemption-operator/blob/main/";

    private static final String NAMESPACE = "guest-redemption-operator";
    private static final String KUBECTL = System.getenv().getOrDefault("KUBECTL", "kubectl");
    private static List<Map<String, Object>> rendered;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        Process kustomize = new ProcessBuilder(KUBECTL, "kustomize", "manifests").redirectErrorStream(true).start();
        String output = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kustomize.exitValue()).as(output).isZero();
        rendered = new ArrayList<>();
        for (Object document : new Yaml().loadAll(output)) {
            rendered.add(map(document));
        }
    }

    @Test
    void everythingTheOperatorNeedsIsRendered() {
        assertThat(rendered).extracting(o -> o.get("kind") + "/" + name(o)).containsExactlyInAnyOrder(
                "Namespace/" + NAMESPACE, "CustomResourceDefinition/guestredemptionresets.guestops.io",
                "CustomResourceDefinition/guestredemptionpolicies.guestops.io",
                "ServiceAccount/" + NAMESPACE, "ClusterRole/" + NAMESPACE, "ClusterRoleBinding/" + NAMESPACE,
                "Role/" + NAMESPACE + "-leader-election", "RoleBinding/" + NAMESPACE + "-leader-election",
                "Deployment/" + NAMESPACE, "PodMonitor/" + NAMESPACE, "PrometheusRule/" + NAMESPACE);
        assertThat(rendered).filteredOn(o -> !List.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding")
                .contains(o.get("kind"))).allSatisfy(o -> assertThat(map(o.get("metadata")).get("namespace")).isEqualTo(NAMESPACE));
    }

    static Stream<Arguments> permissions() {
        return Stream.of(
                Arguments.of("ClusterRole", "guestops.io", "guestredemptionresets", List.of("get", "list", "watch")),
                Arguments.of("ClusterRole", "guestops.io", "guestredemptionresets/status", List.of("update", "patch")),
                Arguments.of("ClusterRole", "", "events", List.of("get", "create", "update")),
                Arguments.of("ClusterRole", "", "secrets", List.of("get", "list", "watch", "create", "update")),
                Arguments.of("ClusterRole", "guestops.io", "guestredemptionpolicies", List.of("list", "watch")),
                Arguments.of("ClusterRole", "", "namespaces", List.of("list", "watch")),
                Arguments.of("Role", "coordination.k8s.io", "leases", List.of("get", "list", "create", "update", "patch")));
    }

    @ParameterizedTest(name = "{0}: {1}/{2} -> {3}")
    @MethodSource("permissions")
    void rbacGrantsExactlyTheseVerbs(String kind, String apiGroup, String resource, List<String> verbs) {
        List<Map<String, Object>> rules = rules(kind).stream()
                .filter(r -> list(r.get("apiGroups")).contains(apiGroup) && list(r.get("resources")).contains(resource)).toList();

        assertThat(rules).hasSize(1);
        assertThat(list(rules.get(0).get("verbs"))).containsExactlyInAnyOrderElementsOf(verbs);
    }

    @Test
    void rbacGrantsNothingElse() {
        List<String> granted = new ArrayList<>();
        for (String kind : List.of("ClusterRole", "Role")) {
            for (Map<String, Object> rule : rules(kind)) {
                assertThat(list(rule.get("verbs"))).doesNotContain("*", "delete", "deletecollection", "escalate", "bind", "impersonate");
                assertThat(list(rule.get("resources"))).doesNotContain("*");
                assertThat(rule).doesNotContainKeys("nonResourceURLs", "resourceNames");
                list(rule.get("resources")).forEach(r -> granted.add(kind + ":" + r));
            }
        }
        assertThat(granted).containsExactlyInAnyOrder("ClusterRole:guestredemptionresets", "ClusterRole:guestredemptionresets/status",
                "ClusterRole:events", "ClusterRole:secrets", "ClusterRole:guestredemptionpolicies", "ClusterRole:namespaces",
                "Role:leases");
    }

    @Test
    void thePodRunsTheImageAsItsNonRootUserWithAReadOnlyRootFilesystem() {
        Map<String, Object> pod = podSpec();
        Map<String, Object> container = container();
        Map<String, Object> podSecurity = map(pod.get("securityContext"));
        Map<String, Object> containerSecurity = map(container.get("securityContext"));

        assertThat((String) container.get("image")).startsWith(PomProperties.get("image.name") + ":");
        assertThat(list(container.get("args"))).startsWith("run");
        assertThat(podSecurity).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", Integer.valueOf(PomProperties.get("image.user").split(":")[0]))
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat(containerSecurity).containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("capabilities", Map.of("drop", List.of("ALL")));
        assertThat(pod.get("serviceAccountName")).isEqualTo(NAMESPACE);
    }

    static Stream<Arguments> probes() {
        return Stream.of(Arguments.of("livenessProbe", "/healthz"), Arguments.of("readinessProbe", "/readyz"));
    }

    @ParameterizedTest(name = "{0} asks {1} on the health port")
    @MethodSource("probes")
    void probesUseTheHealthPort(String probe, String path) {
        Map<String, Object> container = container();
        Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));

        assertThat(httpGet).containsEntry("path", path).containsEntry("port", "health");
        assertThat(list(container.get("ports"))).contains(Map.of("name", "health",
                "containerPort", Integer.valueOf(PomProperties.get("image.health.port")), "protocol", "TCP"));
        assertThat(String.join(" ", list(container.get("args")))).contains("--health-port " + PomProperties.get("image.health.port"));
    }

    @Test
    void thePodMonitorScrapesMetricsOnTheHealthPortOfTheOperatorPods() {
        Map<String, Object> spec = map(object("PodMonitor").get("spec"));
        Map<String, Object> podLabels = map(map(map(map(object("Deployment").get("spec")).get("template")).get("metadata")).get("labels"));

        assertThat(podLabels).containsAllEntriesOf(map(map(spec.get("selector")).get("matchLabels")));
        assertThat(list(spec.get("podMetricsEndpoints"))).singleElement()
                .satisfies(e -> assertThat(map(e)).containsEntry("port", "health").containsEntry("path", "/metrics"));
    }

    static Stream<Arguments> alerts() {
        return Stream.of(
                Arguments.of("GuestRedemptionResetStalled", "grr_resources{condition=\"Stalled\"}", "15m"),
                Arguments.of("GuestRedemptionGraphAccessDenied", "grr_graph_calls_total{outcome=~\"401|403\"}", "5m"),
                Arguments.of("GuestRedemptionGraphThrottled", "grr_graph_calls_total{outcome=\"429\"}", "15m"),
                Arguments.of("GuestRedemptionResetUnanswered", "grr_pending_reset_oldest_age_seconds", "10m"),
                Arguments.of("GuestRedemptionOperatorNoLeader", "grr_leader", "5m"),
                Arguments.of("GuestRedemptionKubernetesApiErrors", "grr_kubernetes_api_errors_total", "10m"));
    }

    @ParameterizedTest(name = "{0} watches {1} for {2}, with a runbook page of its own")
    @MethodSource("alerts")
    void eachAlertWatchesItsMetricAndHasARunbook(String alert, String metric, String duration) throws IOException {
        Map<String, Object> rule = alertRules().stream().filter(r -> alert.equals(r.get("alert"))).findFirst().orElseThrow();
        Map<String, Object> annotations = map(rule.get("annotations"));
        String runbook = (String) annotations.get("runbook_url");

        assertThat((String) rule.get("expr")).contains(metric);
        assertThat(rule.get("for")).isEqualTo(duration);
        assertThat(map(rule.get("labels"))).containsKey("severity");
        assertThat(annotations).containsKeys("summary", "description");
        assertThat(runbook).startsWith(REPOSITORY_FILES).endsWith("/docs/operations/runbooks/" + alert + ".md");
        Path page = Path.of(runbook.substring(REPOSITORY_FILES.length()));
        assertThat(page).as("the runbook page the alert links to").isRegularFile();
        assertThat(Files.readString(page)).startsWith("# " + alert + "\n").contains("## What to do");
    }

    @Test
    void everyAlertIsInTheTable() {
        assertThat(alertRules()).extracting(r -> r.get("alert")).containsExactlyInAnyOrderElementsOf(
                alerts().map(a -> a.get()[0]).toList());
    }

    private static List<Map<String, Object>> alertRules() {
        return list(map(object("PrometheusRule").get("spec")).get("groups")).stream()
                .flatMap(g -> ManifestsTest.<Object>list(map(g).get("rules")).stream()).map(ManifestsTest::map).toList();
    }

    private static List<Map<String, Object>> rules(String kind) {
        return ManifestsTest.<Object>list(object(kind).get("rules")).stream().map(ManifestsTest::map).toList();
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(object("Deployment").get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> container() {
        return map(ManifestsTest.<Object>list(podSpec().get("containers")).get(0));
    }

    private static Map<String, Object> object(String kind) {
        return rendered.stream().filter(o -> kind.equals(o.get("kind"))).findFirst().orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return value == null ? List.of() : (List<T>) value;
    }
}
