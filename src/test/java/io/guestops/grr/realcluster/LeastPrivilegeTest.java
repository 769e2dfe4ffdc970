package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.EmulatorFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
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
 * Each case has a server, an emulator and an operator of its own, so that no case sees another's writes.
 */
class LeastPrivilegeTest {

    /** Seeded for the operator the manifests install (its credential a certificate). */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(OperatorUnderManifests::seed);

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
        return allGrantedVerbs().filter(a -> !NEEDED_ON_RARER_PATHS.containsKey(key(a)));
    }

    private static String key(Arguments verb) {
        return verb.get()[0] + " " + verb.get()[2] + " " + verb.get()[1];
    }

    @Test
    void everyVerbNotProvenHereIsStillGranted() throws IOException {
        assertThat(allGrantedVerbs().map(LeastPrivilegeTest::key).toList()).containsAll(NEEDED_ON_RARER_PATHS.keySet());
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

    @ParameterizedTest(name = "{0} without {2} {1}")
    @MethodSource("grantedVerbs")
    void withoutTheVerbSomethingVisibleFails(String kind, String resource, String verb, @TempDir Path dir) throws Exception {
        RealKubernetes kube = RealKubernetes.server();
        kube.start();
        try (OperatorUnderManifests installed = OperatorUnderManifests.install(kube, GRAPH.emulator(),
                document -> without(document, kind, resource, verb));
             RunCommandProcess run = RunCommandProcess.start(dir, installed.runArgs())) {
            await().atMost(Duration.ofSeconds(60)).until(run::startedOrEnded);
            if (run.isAlive()) {
                KubernetesClient admin = kube.adminClient();
                OperatorUnderManifests.createExamples(admin);
                AtomicBoolean secondAct = new AtomicBoolean();
                await().atMost(REACH).pollInterval(Duration.ofMillis(250)).until(() -> {
                    resetAlexAgainOnceReady(admin, secondAct);
                    return !run.isAlive() || ApiErrorCounts.of(run.metrics()).of(verb, resource, "403") > 0;
                });
            }
            if (!run.isAlive()) {
                // run refused to start (the clean-start check), or an informer stopped and the process ended, as a pod would
                assertThat(run.exitCode()).isNotZero();
                assertThat(run.stderr()).containsAnyOf("403", "Forbidden", "forbidden", "missing permission");
            }
        } finally {
            kube.stop();
        }
    }

    /**
     * The second act: once Alex's reset is done, Alex asks for another address, so the operator resets
     * the guest again and replaces the redeem link it keeps in a Secret.
     */
    private static void resetAlexAgainOnceReady(KubernetesClient admin, AtomicBoolean done) {
        if (done.get()) {
            return;
        }
        var alex = admin.resources(GuestRedemptionReset.class).inNamespace("default").withName(OperatorUnderManifests.ALEX);
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
