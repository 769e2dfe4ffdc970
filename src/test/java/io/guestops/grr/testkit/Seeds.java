package io.guestops.grr.testkit;

import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Group;
import io.guestops.grr.emulator.directory.Seed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tenants the tests seed the emulator with: the examples' own, alone or with a test's guests added. */
public final class Seeds {

    public static final Path EXAMPLES = Path.of("examples");

    private Seeds() {
    }

    /** The seed examples/ and `dev` run on. */
    public static Seed examples() {
        return Seed.load(EXAMPLES.resolve("emulator/seed.yaml"));
    }

    /** The examples' seed plus the users of a test resource file such as {@code /e2e/fault-users.yaml} (same tenant). */
    public static Seed examplesPlus(String extraResource) {
        return examplesPlus(Seed.parse(TestResources.text(extraResource)));
    }

    /**
     * The examples' seed plus another seed's applications, users, role assignments and groups (same
     * tenant). The examples' application stays first: it is the operator's default connection.
     */
    public static Seed examplesPlus(Seed extra) {
        Seed base = examples();
        List<Application> applications = new ArrayList<>(base.applications());
        applications.addAll(extra.applications());
        List<DirectoryUser> users = new ArrayList<>(base.users());
        users.addAll(extra.users());
        List<DirectoryRoleAssignment> roles = new ArrayList<>(base.roleAssignments());
        roles.addAll(extra.roleAssignments());
        List<Group> groups = new ArrayList<>(base.groups());
        groups.addAll(extra.groups());
        return new Seed(base.tenants(), applications, users, roles, groups);
    }
}
