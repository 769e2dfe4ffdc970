package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static io.guestops.grr.testkit.GraphJournal.writesTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, point 3: two resources naming one guest with different desired emails used to both
 * PATCH and both reset, then PATCH mail back and forth while both said Ready. Now the oldest owns
 * the guest, the other stalls without a Graph write, and takes over by itself when the owner goes.
 */
class OneOwnerPerGuestTest {

    private static final String OLIVIA = "7b000000-0000-4000-8000-000000000001";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/owner-users.yaml");

    @Test
    void theOldestResourceOwnsTheGuestTheOtherStallsAndTakesOverWhenTheOwnerIsDeleted() {
        KubernetesClient client = FIXTURE.client();
        GuestRedemptionReset first = resource("olivia-first", new GuestReference(OLIVIA, null), "olivia@first.example");
        GuestRedemptionReset second = resource("olivia-second", new GuestReference(null, "olivia@partner.example"),
                "olivia@second.example");
        // Created back to back, as a GitOps sync applies a directory.
        OperatorHarness.create(client, first);
        OperatorHarness.create(client, second);

        GuestRedemptionReset owner = awaitResource(client, "olivia-first", r -> settled(r) && isTrue(r, "Ready"));
        GuestRedemptionReset loser = awaitResource(client, "olivia-second", OperatorHarness::settled);
        assertThat(condition(loser, "Stalled")).hasValueSatisfying(stalled -> {
            assertThat(stalled.getReason()).isEqualTo("GuestOwnedByAnotherResource");
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
        awaitResource(client, "olivia-second", r -> condition(r, "Stalled").map(c -> c.getReason())
                .orElse("").equals("GuestOwnedByAnotherResource") && settled(r));
        assertThat(writesTo(FIXTURE.emulator(), OLIVIA)).hasSize(writesBefore);

        // The owner goes: the next in line proceeds without anyone touching it.
        client.resource(owner).delete();
        awaitResource(client, "olivia-second", r -> settled(r) && isTrue(r, "Ready"));
        List<InvitationRecord> resets = resetsOf(FIXTURE.emulator(), OLIVIA);
        assertThat(resets).extracting(InvitationRecord::invitedUserEmailAddress)
                .containsExactly("olivia@first.example", "olivia@second.example");
        assertThat(Duration.between(resets.get(0).issuedAt(), resets.get(1).issuedAt())).isPositive();
    }
}
