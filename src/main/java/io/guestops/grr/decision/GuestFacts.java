package io.guestops.grr.decision;

import io.guestops.grr.graph.GuestUser;
import java.util.List;
import java.util.Set;

/**
 * What Graph showed about a guest that policies need. A null part was not read (yet): the rules
 * that need it are left for the check that has it, so the same function judges before any Graph
 * read and after the preflight's reads.
 *
 * @param user            the guest
 * @param memberGroups    which of the policies' groups the guest is a transitive member of
 * @param verifiedDomains the host tenant's verified domains
 */
public record GuestFacts(GuestUser user, Set<String> memberGroups, List<String> verifiedDomains) {

    /** Nothing read from Graph yet. */
    public static final GuestFacts UNREAD = new GuestFacts(null, null, null);

    public static GuestFacts of(Observation.Found found) {
        return new GuestFacts(found.user(), found.memberGroups(), found.verifiedDomains());
    }
}
