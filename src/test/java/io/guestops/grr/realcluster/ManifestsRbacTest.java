package io.guestops.grr.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.cli.StartedOperator;
import io.guestops.grr.model.GuestRedemptionReset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator with nothing but manifests/' ServiceAccount and RBAC, on a real API server that
 * enforces them: every example ends as it says, with its Events, its guest's claim and the leader's
 * Lease written, and the API server refuses none of the operator's requests.
 */
class ManifestsRbacTest {

    @RegisterExtension
    static final ManifestsOnRealKubernetes CLUSTER = new ManifestsOnRealKubernetes();

    @Test
    void theServiceAccountOfManifestsIsEnoughForEveryExample(StartedOperator operator) throws Exception {
        KubernetesClient admin = CLUSTER.kube().adminClient();
        OperatorUnderManifests.createExamples(admin);

        List<GuestRedemptionReset> examples = admin.resources(GuestRedemptionReset.class).inNamespace("default").list().getItems();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        for (GuestRedemptionReset example : examples) {
            String name = example.getMetadata().getName();
            String expected = example.getMetadata().getAnnotations().get("guestops.io/example-expects");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> settled(admin, name));
            GuestRedemptionReset done = admin.resources(GuestRedemptionReset.class).inNamespace("default").withName(name).get();
            if (expected.equals("Ready")) {
                assertThat(done.getStatus().conditionIsTrue("Ready")).as(name + " Ready").isTrue();
                Lease claim = admin.leases().inNamespace(OperatorUnderManifests.NAMESPACE)
                        .withName("grr-guest-" + done.getStatus().getUserId()).get();
                assertThat(claim).as(name + ": its guest's claim").isNotNull();
                assertThat(claim.getSpec().getHolderIdentity()).contains(name);
            } else {
                assertThat(done.getStatus().condition("Stalled").orElseThrow().getReason())
                        .as(name).isEqualTo(expected.substring("Stalled/".length()));
            }
            List<Event> events = admin.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
            assertThat(events).as(name + ": Events written").isNotEmpty();
        }

        assertThat(admin.secrets().inNamespace("default").withName(OperatorUnderManifests.ALEX + "-redeem-link").get())
                .as("the redeem link's Secret").isNotNull();
        Lease leader = admin.leases().inNamespace(OperatorUnderManifests.NAMESPACE).withName("guest-redemption-operator").get();
        assertThat(leader.getSpec().getHolderIdentity()).isEqualTo(OperatorUnderManifests.IDENTITY);
        assertThat(operator.metrics()).contains("grr_leader 1.0");
        // Not empty: a real API server may answer a list 429 once while a new CRD's storage initializes (Fabric8 retries it).
        ApiErrorCounts failed = ApiErrorCounts.of(operator.metrics());
        assertThat(failed.withCode("403")).as("refused by RBAC: %s", failed).isZero();
        assertThat(failed.withCode("401")).as("token refused: %s", failed).isZero();
    }

    private static boolean settled(KubernetesClient client, String name) {
        GuestRedemptionReset resource = client.resources(GuestRedemptionReset.class).inNamespace("default").withName(name).get();
        return resource != null && resource.hasSettled();
    }
}
