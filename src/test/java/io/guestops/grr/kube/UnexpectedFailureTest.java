package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import io.guestops.grr.testkit.Seeds;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, point 6: an unexpected failure used to end, once JOSDK's five retries were spent, in
 * "Reconciling ... the operator retries" while nothing retried any more. Now it is retried for as
 * long as it lasts, with capped backoff, and the condition and an aggregated Warning Event say so.
 */
class UnexpectedFailureTest {

    private static final String UMA = "7b000000-0000-4000-8000-000000000002";
    private static final AtomicBoolean BROKEN = new AtomicBoolean(true);

    /** A defect nobody foresaw, for as long as the test wants it: every pass throws. */
    @RegisterExtension
    static final EnvironmentFixture DEV = EnvironmentFixture.withGateway(() -> Seeds.examplesPlus("/e2e/owner-users.yaml"),
            OperatorTimings.faultTests(), real -> (resource, secrets) -> {
                if (BROKEN.get()) {
                    throw new IllegalStateException("simulated defect");
                }
                return real.gatewayFor(resource, secrets);
            });

    @Test
    void anUnexpectedFailureIsRetriedPastJosdksDefaultLimitAndSaysSoTruthfully() {
        KubernetesClient client = DEV.client();
        OperatorHarness.create(client, resource("uma", new GuestReference(UMA, null), "uma@new.example"));

        // JOSDK's default retry gives up after 5 attempts; the seventh proves there is no limit.
        var failing = awaitResource(client, "uma", r -> condition(r, "Reconciling")
                .map(c -> c.getMessage().contains("(attempt 7)")).orElse(false));
        var reconciling = condition(failing, "Reconciling").orElseThrow();
        assertThat(reconciling.getStatus()).isEqualTo("True");
        assertThat(reconciling.getReason()).isEqualTo("ReconcileError");
        assertThat(reconciling.getMessage()).contains("tries again at").doesNotContain("IllegalStateException", "simulated");

        List<Event> warnings = await().atMost(Duration.ofSeconds(10)).until(() -> client.v1().events().inNamespace("default")
                .list().getItems().stream().filter(e -> "ReconcileError".equals(e.getReason())
                        && "uma".equals(e.getInvolvedObject().getName())).toList(), events -> !events.isEmpty());
        assertThat(warnings).as("one aggregated Event, not one per attempt").singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getCount()).isGreaterThan(1);
            assertThat(event.getMessage()).doesNotContain("Exception");
        });

        BROKEN.set(false);
        awaitResource(client, "uma", r -> settled(r) && isTrue(r, "Ready"));
    }
}
