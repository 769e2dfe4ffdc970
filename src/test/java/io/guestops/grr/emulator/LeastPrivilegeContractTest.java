package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each call the operator makes, with each application permission Microsoft lists for it (and one it
 * does not), over plain HTTPS: the emulator accepts exactly what Graph documents, no more and no less.
 */
class LeastPrivilegeContractTest {
    private static final String SECRET = "least-privilege-secret";

    /** One application per permission; its client id is the permission's index, as a GUID. */
    private static final List<String> PERMISSIONS = List.of("User.Read.All", "User.ReadWrite.All", "User.ReadUpdate.All",
            "User-Mail.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "RoleManagement.Read.Directory",
            "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory", "User.ReadBasic.All", "GroupMember.Read.All");

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSeed(LeastPrivilegeContractTest::seed);

    private static String clientId(String permission) {
        return "cccccccc-0000-4000-8000-%012d".formatted(PERMISSIONS.indexOf(permission));
    }

    /** The sample seed and an application of each permission alone. */
    private static Seed seed() {
        Seed sample = Seed.sample();
        List<Application> applications = new ArrayList<>(sample.applications());
        PERMISSIONS.forEach(p -> applications.add(new Application(clientId(p), TENANT, p + " only", List.of(SECRET), List.of(),
                List.of(), Set.of(p))));
        return new Seed(sample.tenants(), applications, sample.users(), sample.roleAssignments(), sample.groups());
    }

    private static String token(String permission) {
        return FIXTURE.http().token(clientId(permission), SECRET);
    }

    /**
     * https://learn.microsoft.com/graph/api/user-get, https://learn.microsoft.com/graph/api/user-list and
     * https://learn.microsoft.com/graph/api/user-delta: application permissions User.Read.All (least
     * privileged), User.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "User.Read.All, 200", "User.ReadWrite.All, 200", "Directory.Read.All, 200", "Directory.ReadWrite.All, 200",
            "User.ReadBasic.All, 403", "RoleManagement.Read.Directory, 403"})
    void userReadsAndDeltaTakeTheDocumentedPermissions(String permission, int status) {
        String bearer = token(permission);

        assertThat(FIXTURE.http().get("/v1.0/users/" + JOHN + "?$select=mail", bearer).status()).isEqualTo(status);
        assertThat(FIXTURE.http().get("/v1.0/users?$filter=mail%20eq%20'john@contoso.com'&$select=id", bearer).status()).isEqualTo(status);
        assertThat(FIXTURE.http().get("/v1.0/users/delta?$select=mail", bearer).status()).isEqualTo(status);
    }

    /**
     * https://learn.microsoft.com/graph/api/user-update: "Application: User.ReadUpdate.All (least
     * privileged), User.ReadWrite.All, Directory.ReadWrite.All"; "User-Mail.ReadWrite.All is the least
     * privileged permission to update the otherMails property".
     */
    @ParameterizedTest(name = "{0}: otherMails {1}, mail {2}")
    @CsvSource({
            "User.ReadUpdate.All,     204, 204",
            "User.ReadWrite.All,      204, 204",
            "Directory.ReadWrite.All, 204, 204",
            "User-Mail.ReadWrite.All, 204, 403",
            "User.Read.All,           403, 403",
            "Directory.Read.All,      403, 403"})
    void aPatchTakesTheDocumentedPermissionsForWhatItChanges(String permission, int otherMailsStatus, int mailStatus) {
        String bearer = token(permission);

        EmulatorHttp.Reply otherMails = FIXTURE.http().patch("/v1.0/users/" + JOHN, bearer,
                "{\"@odata.type\":\"#microsoft.graph.user\",\"otherMails\":[\"john.doe@example.org\",\"j@x.com\"]}");
        EmulatorHttp.Reply mail = FIXTURE.http().patch("/v1.0/users/" + JOHN, bearer, "{\"mail\":\"john.new@contoso.com\"}");

        assertThat(otherMails.status()).isEqualTo(otherMailsStatus);
        assertThat(mail.status()).isEqualTo(mailStatus);
        if (mailStatus == 403) {
            assertThat(mail.errorCode()).isEqualTo("Authorization_RequestDenied");
        }
    }

    /**
     * https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments: RoleManagement.Read.Directory,
     * RoleManagement.Read.All, Directory.Read.All, RoleManagement.ReadWrite.Directory, Directory.ReadWrite.All.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "RoleManagement.Read.Directory, 200", "RoleManagement.Read.All, 200", "Directory.Read.All, 200",
            "RoleManagement.ReadWrite.Directory, 200", "Directory.ReadWrite.All, 200", "User.ReadWrite.All, 403"})
    void roleAssignmentReadsTakeTheDocumentedPermissions(String permission, int status) {
        EmulatorHttp.Reply reply = FIXTURE.http().get("/v1.0/roleManagement/directory/roleAssignments?$filter=principalId%20eq%20'" + JOHN + "'",
                token(permission));

        assertThat(reply.status()).isEqualTo(status);
    }
}
