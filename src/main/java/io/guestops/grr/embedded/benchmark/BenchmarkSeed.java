package io.guestops.grr.embedded.benchmark;

import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's directory: the examples' tenant and operator application, plus one accepted guest
 * per benchmark slot (its own object id, old mail and the address it moves to).
 */
final class BenchmarkSeed {

    /** One guest of the run. */
    record Guest(String name, String userId, String currentMail, String desiredEmail) {}

    private static final Instant ACCEPTED = Instant.parse("2025-02-01T00:00:00Z");

    private BenchmarkSeed() {
    }

    /**
     * A guest outside the measured ones: each contender resets it once before its clock starts, so
     * one-time costs (the first token, class loading, connection set-up) stay out of the figures.
     */
    static Guest warmUp(BenchmarkPlan plan) {
        return guest("bench-warm-up", 99_999, plan.addressChange());
    }

    static List<Guest> guests(BenchmarkPlan plan) {
        List<Guest> guests = new ArrayList<>();
        for (int i = 0; i < plan.guests(); i++) {
            guests.add(guest(String.format(Locale.ROOT, "bench-%05d", i), i, plan.addressChange()));
        }
        return guests;
    }

    private static Guest guest(String name, int number, boolean addressChange) {
        String userId = String.format(Locale.ROOT, "b3e4c000-0000-4000-8000-%012d", number);
        String mail = name + "@partner-old.example";
        return new Guest(name, userId, mail, addressChange ? name + "@partner-new.example" : mail);
    }

    /** The examples' seed (tenant, application, example users) plus the benchmark's guests. */
    static Seed seed(Path examplesSeed, List<Guest> guests) {
        Seed base = Seed.load(examplesSeed);
        String tenant = base.tenants().get(0).id();
        String hostDomain = base.tenants().get(0).defaultDomain();
        List<DirectoryUser> users = new ArrayList<>(base.users());
        for (Guest g : guests) {
            String upn = DirectoryUser.guestUserPrincipalName(g.currentMail(), hostDomain);
            // A plain reset finds its address in otherMails already (the operator always keeps
            // desiredEmail there), so neither contender has anything to PATCH.
            List<String> otherMails = g.desiredEmail().equals(g.currentMail()) ? List.of(g.currentMail()) : List.of();
            users.add(new DirectoryUser(g.userId(), tenant, g.name(), null, null, upn, g.currentMail(), otherMails,
                    List.of("SMTP:" + g.currentMail()), "Guest", "Invitation", "Accepted", ACCEPTED, List.of(), null, null,
                    null, null, List.of(), true, ACCEPTED));
        }
        return new Seed(base.tenants(), base.applications(), users, base.roleAssignments(), base.groups());
    }
}
