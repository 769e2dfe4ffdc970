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
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: the resource behind a guest's owner showed an Event saying the owner "is older" beside a
 * condition saying it "holds its claim". Its own fixture: OneOwnerPerGuestTest's back-to-back
 * creation by mail expects an operator that has not yet warmed up.
 */
class OwnerStallEventsTest {

    private static final String QUINN = "7b000000-0000-4000-8000-000000000003";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/owner-users.yaml");

    /**
     * The younger resource first stalls while the owner has not yet claimed the guest (the owner is
     * itself refused), then again once the owner has claimed it. kubectl describe shows the Events
     * beside the conditions: they must say the same thing, not "is older" beside "holds its claim".
     */
    @Test
    void theWarningEventOfTheResourceBehindTheOwnerSaysWhatItsConditionSays() {
        KubernetesClient client = FIXTURE.client();
        // alex@fabrikam.com is another guest's mail: the owner is refused and claims nothing yet.
        OperatorHarness.create(client, resource("quinn-first", new GuestReference(QUINN, null),
                "alex@fabrikam.com"));
        OperatorHarness.create(client, resource("quinn-second", new GuestReference(QUINN, null), "quinn@second.example"));
        awaitResource(client, "quinn-first", r -> settled(r) && condition(r, "Stalled").map(c -> c.getReason())
                .orElse("").equals("AddressOwnedByAnotherUser"));
        awaitResource(client, "quinn-second", r -> settled(r) && condition(r, "Stalled").map(c -> c.getReason())
                .orElse("").equals("GuestOwnedByAnotherResource"));

        client.resources(GuestRedemptionReset.class).inNamespace("default").withName("quinn-first").edit(r -> {
            r.getSpec().setDesiredEmail("quinn@first.example");
            return r;
        });
        awaitResource(client, "quinn-first", r -> settled(r) && isTrue(r, "Ready"));
        assertThat(OperatorHarness.claimOf(client, QUINN).getSpec().getHolderIdentity()).startsWith("default/quinn-first/");

        // The resource behind is woken by the owner's change and judged again, now by the claim.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    String condition = condition(OperatorHarness.get(client, "quinn-second"), "Stalled").orElseThrow().getMessage();
                    assertThat(ownershipWarnings(client, "quinn-second")).extracting(Event::getMessage)
                            .as("the latest Warning says what the condition says").last().isEqualTo(condition);
                    assertThat(ownershipWarnings(client, "quinn-second")).extracting(Event::getMessage)
                            .as("no Warning says something else about the same owner").containsOnly(condition);
                });
    }

    private static List<Event> ownershipWarnings(KubernetesClient client, String name) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .filter(e -> "GuestOwnedByAnotherResource".equals(e.getReason()))
                .sorted(Comparator.comparing(Event::getLastTimestamp)).toList();
    }
}
