package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static io.guestops.grr.testkit.GraphJournal.writesTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, point 3: two resources naming one guest with different desired emails used to both
 * PATCH and both reset, then PATCH mail back and forth while both said Ready. Now the oldest owns
 * the guest, the other stalls without a Graph write, and takes over by itself when the owner goes.
 * Issue 17: what the resource behind the owner says, in its condition and its Events, is the same.
 */
class OneOwnerPerGuestTest {

    private static final String OLIVIA = "7b000000-0000-4000-8000-000000000001";
    private static final String QUINN = "7b000000-0000-4000-8000-000000000003";
    private static final String OWNED_BY_ANOTHER = "GuestOwnedByAnotherResource";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/owner-users.yaml");

    @Test
    void theOldestResourceOwnsTheGuestTheOtherStallsAndTakesOverWhenTheOwnerIsDeleted() {
        KubernetesClient client = FIXTURE.client();
        GuestRedemptionReset first = resource("olivia-first", new GuestReference(OLIVIA, null), "olivia@first.example");
        GuestRedemptionReset second = resource("olivia-second", new GuestReference(null, "olivia@partner.example"),
                "olivia@second.example");
        // Created back to back, as a GitOps sync applies a directory. Olivia's mail stays as it is
        // until the second resource has found her by it: otherwise the owner's PATCH may change it
        // first (the two passes run in parallel), and the second finds nobody by that mail: it
        // stalls UserNotFound instead, as true and as harmless (it writes nothing), but not the
        // ownership this test is about.
        FIXTURE.emulator().faults().add(FaultRule.always("/users/" + OLIVIA, "PATCH", FaultKind.UNAVAILABLE));
        OperatorHarness.create(client, first);
        OperatorHarness.create(client, second);

        GuestRedemptionReset loser = awaitResource(client, "olivia-second", OperatorHarness::settled);
        FIXTURE.emulator().faults().clear();
        GuestRedemptionReset owner = awaitResource(client, "olivia-first", r -> settled(r) && isTrue(r, "Ready"));
        assertThat(condition(loser, "Stalled")).hasValueSatisfying(stalled -> {
            assertThat(stalled.getReason()).isEqualTo(OWNED_BY_ANOTHER);
            assertThat(stalled.getMessage()).contains("default/olivia-first", OLIVIA);
        });
        assertThat(isTrue(loser, "Ready")).as("the loser never claims Ready").isFalse();
        assertThat(resetsOf(FIXTURE.emulator(), OLIVIA)).extracting(InvitationRecord::invitedUserEmailAddress)
                .containsExactly("olivia@first.example");
        assertThat(writesTo(FIXTURE.emulator(), OLIVIA)).as("nothing was written for the second resource's email")
                .noneMatch(w -> w.requestBody().contains("olivia@second.example"));
        assertThat(owner.getStatus().getUserId()).isEqualTo(OLIVIA);

        // No ping-pong: a restart reconciles both again, and neither writes.
        int writesBefore = writesTo(FIXTURE.emulator(), OLIVIA).size();
        FIXTURE.operator().stop();
        FIXTURE.environment().startOperator(OperatorTimings.endToEnd());
        awaitResource(client, "olivia-second", stalledWith(OWNED_BY_ANOTHER));
        assertThat(writesTo(FIXTURE.emulator(), OLIVIA)).hasSize(writesBefore);

        // The owner goes: the next in line proceeds without anyone touching it.
        client.resource(owner).delete();
        awaitResource(client, "olivia-second", r -> settled(r) && isTrue(r, "Ready"));
        List<InvitationRecord> resets = resetsOf(FIXTURE.emulator(), OLIVIA);
        assertThat(resets).extracting(InvitationRecord::invitedUserEmailAddress)
                .containsExactly("olivia@first.example", "olivia@second.example");
        assertThat(Duration.between(resets.get(0).issuedAt(), resets.get(1).issuedAt())).isPositive();
    }

    /**
     * The younger resource first stalls while the owner has not yet claimed the guest (the owner is
     * itself refused), then again once the owner has claimed it. kubectl describe shows the Events
     * beside the conditions: they must say the same thing, not "is older" beside "holds its claim".
     */
    @Test
    void theWarningEventOfTheResourceBehindTheOwnerSaysWhatItsConditionSays() {
        KubernetesClient client = FIXTURE.client();
        // alex@fabrikam.com is another guest's mail: the owner is refused and claims nothing yet.
        OperatorHarness.create(client, resource("quinn-first", new GuestReference(QUINN, null), "alex@fabrikam.com"));
        OperatorHarness.create(client, resource("quinn-second", new GuestReference(QUINN, null), "quinn@second.example"));
        awaitResource(client, "quinn-first", stalledWith("AddressOwnedByAnotherUser"));
        awaitResource(client, "quinn-second", stalledWith(OWNED_BY_ANOTHER));

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

    private static Predicate<GuestRedemptionReset> stalledWith(String reason) {
        return r -> settled(r) && condition(r, "Stalled").map(c -> c.getReason()).orElse("").equals(reason);
    }

    private static List<Event> ownershipWarnings(KubernetesClient client, String name) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .filter(e -> OWNED_BY_ANOTHER.equals(e.getReason()))
                .sorted(Comparator.comparing(Event::getLastTimestamp)).toList();
    }
}
