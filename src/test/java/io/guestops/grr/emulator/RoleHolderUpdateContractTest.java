package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.HELPDESK;
import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_APP;
import static io.guestops.grr.testkit.EmulatorHttp.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graph's user-update page (https://learn.microsoft.com/graph/api/user-update, note on sensitive
 * properties such as otherMails): "In app-only scenarios, the app must be assigned a higher
 * privileged administrator role" to update them for a user with a privileged administrator role.
 */
class RoleHolderUpdateContractTest {

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    private static final String OTHER_MAILS = "{\"otherMails\":[\"helpdesk@partner.com\",\"second@partner.com\"]}";

    @Test
    void anAppWithoutARoleCannotChangeOtherMailsOfARoleHolder() {
        EmulatorHttp.Reply reply = FIXTURE.http().patch("/v1.0/users/" + HELPDESK, FIXTURE.token(), OTHER_MAILS);

        assertThat(reply.statusAndErrorCode()).isEqualTo("403 Authorization_RequestDenied");
        assertThat(reply.json().at("/error/message").asText()).isEqualTo("Insufficient privileges to complete the operation.");
        assertThat(FIXTURE.emulator().directory().user(HELPDESK).orElseThrow().otherMails()).doesNotContain("second@partner.com");
    }

    @Test
    void mailAndOtherUsersAreNotRestricted() {
        assertThat(FIXTURE.http().patch("/v1.0/users/" + HELPDESK, FIXTURE.token(), "{\"displayName\":\"Help Desk\"}").status())
                .isEqualTo(204);
        assertThat(FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"otherMails\":[\"j@x.example\"]}").status())
                .isEqualTo(204);
    }

    @Test
    void anAppHoldingPrivilegedAuthenticationAdministratorMayChangeThem() {
        FIXTURE.emulator().reset(withOperatorRole("7be44c8a-adaf-4e2a-84d6-ab2649e08a13"));

        assertThat(FIXTURE.http().patch("/v1.0/users/" + HELPDESK, FIXTURE.token(), OTHER_MAILS).status()).isEqualTo(204);
    }

    @Test
    void aLowerRoleOfTheAppIsNotEnough() {
        FIXTURE.emulator().reset(withOperatorRole("729827e3-9c14-49f7-bb1b-9608f156bbb8")); // Helpdesk Administrator

        assertThat(FIXTURE.http().patch("/v1.0/users/" + HELPDESK, FIXTURE.token(), OTHER_MAILS).status()).isEqualTo(403);
    }

    private static Seed withOperatorRole(String roleDefinitionId) {
        Seed sample = Seed.sample();
        List<DirectoryRoleAssignment> roles = new ArrayList<>(sample.roleAssignments());
        roles.add(new DirectoryRoleAssignment("app-role", TENANT, OPERATOR_APP, roleDefinitionId, "/"));
        return new Seed(sample.tenants(), sample.applications(), sample.users(), roles, sample.groups());
    }
}
