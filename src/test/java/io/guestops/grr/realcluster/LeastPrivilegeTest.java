package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every verb manifests/rbac.yaml grants is needed: with any one of them taken away, on a real API
 * server that enforces RBAC, the same run as {@link ManifestsRbacTest} (and then a second reset of
 * Alex, which replaces its redeem link and repeats an Event) visibly fails: `run`
 * refuses to start naming the refusal, or the API server's 403 for exactly that verb and resource
 * shows in grr_kubernetes_api_errors_total (what the alert GuestRedemptionKubernetesApiErrors watches).
 * <p>
 * The cases share one server and run one after another; each installs the RBAC in an operator
 * namespace of its own (its own ServiceAccount and token, Role, ClusterRole and bindings named after
 * that namespace, and its Leases there), creates the examples in a namespace of its own under a policy
 * of its own, has an emulator and a `run` process of its own, and deletes its resets and policy when
 * it ends, so that no case sees another's writes or permissions. Before `run` starts, the API server is
 * asked (SubjectAccessReview) until it allows the ServiceAccount every granted verb but the one
 * taken away, and refuses that one: a case cannot pass on RBAC that is not in effect yet.
 */
class LeastPrivilegeTest {

    /** The emulator seeded for the operator the manifests install; reset before each case. */
    @RegisterExtension
    static final ManifestsOnRealKubernetes CLUSTER = new ManifestsOnRealKubernetes();

    private static final AtomicInteger CASES = new AtomicInteger();
    private static KubernetesClient admin;

    @BeforeAll
    static void adminClient() {
        admin = CLUSTER.kube().adminClient();
    }

    /** What a run visibly does without the verb. */
    enum Outcome {
        /** `run` ends non-zero before its start line, its standard error naming the refusal (403) and the resource. */
        REFUSES_TO_START,
        /**
         * `run` starts; then the API server's 403 for exactly this verb and resource shows in
         * grr_kubernetes_api_errors_total, or the process ends non-zero with a 403 in its standard error.
         */
        FORBIDDEN_WHILE_RUNNING
    }

    /** The expected outcome of each verb's case; a verb added to manifests/rbac.yaml fails its case until it has one here. */
    static final Map<String, Outcome> EXPECTED = Map.ofEntries(
            Map.entry("ClusterRole list guestredemptionresets", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole watch guestredemptionresets", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole update guestredemptionresets/status", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("ClusterRole list guestredemptionpolicies", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole watch guestredemptionpolicies", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole list namespaces", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole watch namespaces", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole get events", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("ClusterRole create events", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("ClusterRole update events", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("ClusterRole get secrets", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("ClusterRole list secrets", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole watch secrets", Outcome.REFUSES_TO_START),
            Map.entry("ClusterRole create secrets", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("ClusterRole update secrets", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("Role get leases", Outcome.REFUSES_TO_START),
            Map.entry("Role list leases", Outcome.FORBIDDEN_WHILE_RUNNING),
            Map.entry("Role create leases", Outcome.REFUSES_TO_START),
            Map.entry("Role update leases", Outcome.REFUSES_TO_START),
            Map.entry("Role patch leases", Outcome.FORBIDDEN_WHILE_RUNNING));

    /** How long a run may take to reach the request that needs the verb (the examples settle in about 10 s, Alex's second reset follows). */
    private static final Duration REACH = Duration.ofSeconds(40);

    /**
     * Verbs the operator's code uses only on paths a first run of the examples does not take; each
     * was checked by reading the code, not by this test. Removing one breaks that path.
     */
    static final Map<String, String> NEEDED_ON_RARER_PATHS = Map.of(
            "ClusterRole get guestredemptionresets", "GuestClaims asks whether a claim's holder still exists; StatusWriter "
                    + "reads the latest version to merge a confirmed reset after a conflict",
            "ClusterRole patch guestredemptionresets/status", "JOSDK writes the error status (updateErrorStatus) after an "
                    + "unexpected failure");

    /** One case per verb of every rule of manifests/rbac.yaml, read from the file so that a new verb gets its case. */
    static Stream<Arguments> grantedVerbs() throws IOException {
        return allGrantedVerbs().filter(a -> !NEEDED_ON_RARER_PATHS.containsKey(key(a)))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], EXPECTED.get(key(a))));
    }

    private static String key(Arguments verb) {
        return verb.get()[0] + " " + verb.get()[2] + " " + verb.get()[1];
    }

    @Test
    void everyVerbNotProvenHereIsStillGranted() throws IOException {
        assertThat(allGrantedVerbs().map(LeastPrivilegeTest::key).toList()).containsAll(NEEDED_ON_RARER_PATHS.keySet());
        assertThat(EXPECTED.keySet()).as("an expected outcome for every verb proven here, and none for a verb no longer granted")
                .containsExactlyInAnyOrderElementsOf(allGrantedVerbs().map(LeastPrivilegeTest::key)
                        .filter(verb -> !NEEDED_ON_RARER_PATHS.containsKey(verb)).toList());
    }

    private static Stream<Arguments> allGrantedVerbs() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(Path.of("manifests/rbac.yaml")))) {
            Map<?, ?> object = (Map<?, ?>) document;
            if (!List.of("ClusterRole", "Role").contains(object.get("kind"))) {
                continue;
            }
            for (Object rule : (List<?>) object.get("rules")) {
                for (Object resource : (List<?>) ((Map<?, ?>) rule).get("resources")) {
                    for (Object verb : (List<?>) ((Map<?, ?>) rule).get("verbs")) {
                        cases.add(Arguments.of(object.get("kind"), resource, verb));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} without {2} {1}: {3}")
    @MethodSource("grantedVerbs")
    void withoutTheVerbSomethingVisibleFails(String kind, String resource, String verb, Outcome expected, @TempDir Path dir)
            throws Exception {
        assertThat(expected).as("the expected outcome of %s %s %s in EXPECTED", kind, verb, resource).isNotNull();
        String operatorNamespace = "grr-lp-" + CASES.incrementAndGet();
        String examples = operatorNamespace + "-examples";
        try (OperatorUnderManifests installed = CLUSTER.install(document -> without(document, kind, resource, verb),
                operatorNamespace)) {
            awaitInEffect(admin, operatorNamespace, kind + " " + verb + " " + resource);
            try (RunCommandProcess run = RunCommandProcess.start(dir, installed.runArgs(), RunCommandProcess.QUICK_START)) {
                await().atMost(Duration.ofSeconds(60)).until(run::startedOrEnded);
                Outcome observed = run.isAlive() ? Outcome.FORBIDDEN_WHILE_RUNNING : Outcome.REFUSES_TO_START;
                assertThat(observed).as("%s without %s %s; run's standard error:%n%s", kind, verb, resource, run.stderr())
                        .isEqualTo(expected);
                if (observed == Outcome.REFUSES_TO_START) {
                    assertThat(run.exitCode()).isNotZero();
                    assertRefusedInOneLine(run.stderr(), verb, resource);
                    return;
                }
                OperatorUnderManifests.createExamples(admin, examples);
                AtomicBoolean secondAct = new AtomicBoolean();
                await().atMost(REACH).pollInterval(Duration.ofMillis(250)).until(() -> {
                    resetAlexAgainOnceReady(admin, examples, secondAct);
                    return !run.isAlive() || ApiErrorCounts.of(run.metrics()).of(verb, resource, "403") > 0;
                });
                if (!run.isAlive()) {
                    // an informer stopped or the Lease was lost, and the process ended, as a pod's would
                    assertThat(run.exitCode()).isNotZero();
                    assertThat(run.stderr()).containsAnyOf("403", "Forbidden", "forbidden");
                }
                run.kill(); // the case is decided: no graceful stop to wait for before its resets are deleted
            }
        } finally {
            // run has stopped: its resets (which name the same guests as the next case's) and policy go
            var resets = admin.resources(GuestRedemptionReset.class).inNamespace(examples);
            resets.delete();
            admin.resources(GuestRedemptionPolicy.class).withName(examples).delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> resets.list().getItems().isEmpty());
        }
    }

    /**
     * A refused start is told as `run` tells every misconfigured cluster: a few lines, no library
     * stack trace, naming the missing verb and the resource it is missing on.
     */
    private static void assertRefusedInOneLine(String stderr, String verb, String resource) {
        assertThat(stderr.lines().toList()).as("run's standard error, at most 3 lines:%n%s", stderr).hasSizeBetween(1, 3);
        assertThat(stderr.lines().filter(line -> STACK_TRACE_LINE.matcher(line).find()).toList())
                .as("stack trace lines in run's standard error:%n%s", stderr).isEmpty();
        assertThat(stderr).as("run's standard error").contains("missing permission").containsPattern("\\b" + verb + "\\b")
                .contains(resource.split("/")[0]);
    }

    /** A frame of a stack trace ("\tat ...") or the start of a cause ("Caused by: ..."). */
    private static final Pattern STACK_TRACE_LINE = Pattern.compile("^(\\s+at |\\s*Caused by)");

    /**
     * Waits until the API server allows the case's ServiceAccount every verb manifests/rbac.yaml grants
     * but {@code removed}, and refuses that one (RBAC takes effect within about a second).
     */
    private static void awaitInEffect(KubernetesClient admin, String operatorNamespace, String removed) {
        String user = "system:serviceaccount:" + operatorNamespace + ":" + OperatorUnderManifests.SERVICE_ACCOUNT;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (Arguments granted : (Iterable<Arguments>) allGrantedVerbs()::iterator) {
                String kind = (String) granted.get()[0];
                String[] resource = ((String) granted.get()[1]).split("/");
                String verb = (String) granted.get()[2];
                String group = switch (resource[0]) {
                    case "guestredemptionresets", "guestredemptionpolicies" -> "guestops.io";
                    case "leases" -> "coordination.k8s.io";
                    default -> "";
                };
                SubjectAccessReview review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                        .withNewSpec().withUser(user).withNewResourceAttributes().withGroup(group).withResource(resource[0])
                        .withSubresource(resource.length > 1 ? resource[1] : null).withVerb(verb)
                        .withNamespace(kind.equals("Role") ? operatorNamespace : null).endResourceAttributes().endSpec().build());
                String key = kind + " " + verb + " " + granted.get()[1];
                assertThat(review.getStatus().getAllowed()).as("%s allowed", key).isEqualTo(!key.equals(removed));
            }
        });
    }

    /**
     * The second act: once Alex's reset is done, Alex asks for another address, so the operator resets
     * the guest again and replaces the redeem link it keeps in a Secret.
     */
    private static void resetAlexAgainOnceReady(KubernetesClient admin, String namespace, AtomicBoolean done) {
        if (done.get()) {
            return;
        }
        var alex = admin.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(OperatorUnderManifests.ALEX);
        GuestRedemptionReset current = alex.get();
        if (current != null && current.getStatus() != null && current.getStatus().conditionIsTrue("Ready")) {
            alex.edit(r -> {
                r.getSpec().setDesiredEmail("alex.wilber@personal.example");
                return r;
            });
            done.set(true);
        }
    }

    /** The RBAC document with the verb taken out of the kind's rules for the resource (a rule left with no verb goes). */
    private static HasMetadata without(HasMetadata document, String kind, String resource, String verb) {
        if (!document.getKind().equals(kind)) {
            return document;
        }
        List<PolicyRule> rules = document instanceof ClusterRole role ? role.getRules() : ((Role) document).getRules();
        for (PolicyRule rule : rules) {
            if (rule.getResources().contains(resource)) {
                List<String> verbs = new ArrayList<>(rule.getVerbs());
                verbs.remove(verb);
                rule.setVerbs(verbs);
            }
        }
        rules.removeIf(rule -> rule.getVerbs().isEmpty());
        return document;
    }

    private static List<String> causes(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null && messages.size() < 20; cause = cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        return messages;
    }
}
