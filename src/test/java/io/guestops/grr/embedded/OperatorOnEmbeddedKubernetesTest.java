package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.testkit.KubectlFixture;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JOSDK operator with leader election runs against the embedded Kubernetes, and kubectl sees
 * what it writes: the set-up `dev` mode uses.
 */
class OperatorOnEmbeddedKubernetesTest {

    /** Marks every resource Ready, through the status subresource. */
    @ControllerConfiguration(name = "ready-marker")
    static class ReadyMarker implements Reconciler<GuestRedemptionReset> {
        @Override
        public UpdateControl<GuestRedemptionReset> reconcile(GuestRedemptionReset resource, Context<GuestRedemptionReset> context) {
            GuestRedemptionReset patch = new GuestRedemptionReset();
            patch.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                    .withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace()).build());
            GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
            status.setObservedGeneration(resource.getMetadata().getGeneration());
            status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True")
                    .withReason("Marked").withMessage("marked by the test operator")
                    .withLastTransitionTime(Instant.now().toString()).build()));
            patch.setStatus(status);
            return UpdateControl.patchStatus(patch);
        }
    }

    /** The embedded Kubernetes and kubectl; the operator here is a bare JOSDK one, not the kit's. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();
    static Operator operator;

    @BeforeAll
    static void start() {
        operator = new Operator(o -> o.withKubernetesClient(KUBERNETES.client())
                .withCloseClientOnStop(false)
                // JOSDK exits the JVM when it stops leading unless told otherwise
                .withLeaderElectionConfiguration(new LeaderElectionConfiguration("grr-operator-lease", "default",
                        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), null, null, false)));
        operator.register(new ReadyMarker());
        operator.start();
    }

    @AfterAll
    static void stop() {
        operator.stop();
    }

    @Test
    void theLeaderReconcilesWhatKubectlAppliesAndKubectlWaitSeesIt() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Lease lease = KUBERNETES.client().leases().inNamespace("default").withName("grr-operator-lease").get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        });

        Kubectl.Result applied = KUBERNETES.kubectl().apply("""
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata: {name: alex, namespace: default}
                spec:
                  guest: {email: alex@fabrikam.com}
                  desiredEmail: alex@outlook.com
                """);
        assertThat(applied.exitCode()).as(applied.all()).isZero();

        Kubectl.Result waited = KUBERNETES.kubectl().run("wait", "--for=condition=Ready", "grr/alex", "--timeout=30s");
        assertThat(waited.exitCode()).as(waited.all()).isZero();
        assertThat(KUBERNETES.kubectl().run("get", "grr", "alex", "-o", "wide").stdout()).containsPattern("alex\\s+\\S+\\s+alex@outlook.com\\s+Marked\\s+True");
    }
}
