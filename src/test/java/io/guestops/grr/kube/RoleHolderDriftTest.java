package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.ExtraUsers.GINA;
import static io.guestops.grr.testkit.GraphJournal.patchesTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.ExtraUsers;
import io.guestops.grr.testkit.OperatorTimings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, point 2: a settled guest who has since been given a directory role, whose otherMails an
 * admin changes. Graph's user-update page lets an application change otherMails of a privileged role
 * holder only when the application holds a higher admin role, so the drift repair would get 403 on
 * every pass. The operator reads the roles before the PATCH and stalls with the reason instead.
 */
class RoleHolderDriftTest {

    private static final String HELPDESK_ADMINISTRATOR = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

    @RegisterExtension
    static final EnvironmentFixture FIXTURE =
            EnvironmentFixture.withOperatorOnExamplesPlus(ExtraUsers.RESOURCE, OperatorTimings.driftRepair());

    @Test
    void aRoleHoldersDriftedOtherMailsStallTheResourceInsteadOfA403Loop() {
        create(FIXTURE.client(), resource("gina-role", new GuestReference(GINA, null), "gina@drift.example"));
        awaitResource(FIXTURE.client(), "gina-role", r -> settled(r) && isTrue(r, "Ready"));

        DirectoryUser gina = FIXTURE.emulator().directory().user(GINA).orElseThrow();
        FIXTURE.emulator().assignRole(new DirectoryRoleAssignment("ra-gina", gina.tenantId(), GINA, HELPDESK_ADMINISTRATOR, "/"));
        Instant changed = Instant.now();
        // As an admin in the portal: the operator's address dropped from otherMails.
        FIXTURE.emulator().setOtherMails(GINA, List.of("gina.keep@partner.example"));

        var stalled = awaitResource(FIXTURE.client(), "gina-role", r -> condition(r, "Stalled")
                .filter(c -> "True".equals(c.getStatus()) && Reasons.HOLDS_DIRECTORY_ROLE.equals(c.getReason())).isPresent());
        assertThat(condition(stalled, "Stalled").orElseThrow().getMessage())
                .contains(GINA, HELPDESK_ADMINISTRATOR, "otherMails", "Privileged Authentication Administrator");
        assertThat(patchesTo(FIXTURE.emulator(), GINA)).as("no PATCH was sent after the drift, so no 403")
                .noneMatch(e -> !e.time().isBefore(changed));
        assertThat(FIXTURE.emulator().directory().user(GINA).orElseThrow().otherMails()).containsExactly("gina.keep@partner.example");
    }
}
