package io.guestops.grr.testkit;

import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Group;
import io.guestops.grr.emulator.directory.Seed;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** The tenants the tests seed the emulator with: the examples' own, alone or with a test's guests added. */
public final class Seeds {

    public static final Path EXAMPLES = Path.of("examples");
    /** The examples' host tenant (Contoso), whose directory the guests' accounts are in. */
    private static final String EXAMPLES_TENANT = "3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c";

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
     * The examples' seed plus a guest for each of {@code indexes}, who accepted the invitation and
     * whose one address is guest{i}@{mailDomain}: the many guests a burst of resources needs.
     */
    public static Seed examplesPlusAcceptedGuests(IntStream indexes, IntFunction<String> userId, String mailDomain) {
        Instant accepted = Instant.parse("2025-02-01T00:00:00Z");
        List<DirectoryUser> users = indexes.mapToObj(i -> {
            String mail = "guest" + i + "@" + mailDomain;
            return new DirectoryUser(userId.apply(i), EXAMPLES_TENANT, "guest " + i + " of " + mailDomain, null, null,
                    mail.replace("@", "_") + "#EXT#@contoso.onmicrosoft.com", mail, List.of(), List.of("SMTP:" + mail),
                    "Guest", "Invitation", "Accepted", accepted, List.of(), null, null, null, null, List.of(), true, accepted);
        }).toList();
        return examplesPlus(new Seed(List.of(), List.of(), users, List.of()));
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
