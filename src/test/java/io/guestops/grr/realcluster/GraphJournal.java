package io.guestops.grr.realcluster;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Group;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the Graph emulator's journal says about one guest, for the tests on the real API server
 * (the kube package's OperatorHarness holds the same questions for the embedded one), and the seed
 * they share: the examples' tenant plus the guests of a test resource file.
 */
final class GraphJournal {

    private GraphJournal() {
    }

    /** Guest {@code n} of /e2e/ledger-users.yaml: from guestN@ledger-old.example to guestN@ledger-new.example. */
    static String ledgerGuest(int n) {
        return "7d000000-0000-4000-8000-00000000000" + n;
    }

    /** The reset POSTs (answered, failed or dropped) that named this user, in the order Graph received them. */
    static List<JournalEntry> resetPostsFor(GraphEmulator emulator, String userId) {
        return emulator.journal().stream()
                .filter(e -> "POST".equals(e.method()) && e.path().contains("invitations")
                        && e.requestBody() != null && e.requestBody().contains(userId))
                .sorted(Comparator.comparing(JournalEntry::time))
                .toList();
    }

    /** The PATCHes of this user's addresses. */
    static List<JournalEntry> patchesTo(GraphEmulator emulator, String userId) {
        return emulator.journal().stream().filter(e -> "PATCH".equals(e.method()) && e.path().contains("/users/" + userId)).toList();
    }

    /** Every request that wrote (or tried to write) to this user. */
    static List<JournalEntry> writesTo(GraphEmulator emulator, String userId) {
        List<JournalEntry> writes = new ArrayList<>(patchesTo(emulator, userId));
        writes.addAll(resetPostsFor(emulator, userId));
        return writes;
    }

    /** The examples' seed (its application first: the operator's default connection) plus a test resource's users. */
    static Seed examplesSeedPlus(String extraResource) {
        Seed base = Seed.load(Path.of("examples/emulator/seed.yaml"));
        Seed extra;
        try (InputStream in = GraphJournal.class.getResourceAsStream(extraResource)) {
            extra = Seed.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
