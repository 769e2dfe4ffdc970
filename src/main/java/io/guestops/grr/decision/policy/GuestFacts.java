package io.guestops.grr.decision.policy;

import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.List;
import java.util.Set;

/**
 * What Graph showed about a guest that policies need. A null part was not read (yet): the rules
 * that need it are left for the check that has it, so the same function judges before any Graph
 * read and after the preflight's reads.
 *
 * @param user            the guest
 * @param mail            the guest's mail before the operator first changed it: a policy judges who
 *                        the guest was, not the address this very resource gave it
 * @param memberGroups    which of the policies' groups the guest is a transitive member of
 * @param verifiedDomains the host tenant's verified domains
 */
public record GuestFacts(GuestUser user, String mail, Set<String> memberGroups, List<String> verifiedDomains) {

    /** Nothing read from Graph yet. */
    public static final GuestFacts UNREAD = new GuestFacts(null, null, null, null);

    /** A guest the operator has not changed yet. */
    public GuestFacts(GuestUser user, Set<String> memberGroups, List<String> verifiedDomains) {
        this(user, user == null ? null : user.mail(), memberGroups, verifiedDomains);
    }

    public static GuestFacts of(Observation.Found found, GuestRedemptionResetStatus status) {
        return new GuestFacts(found.user(), ResolvedGuest.of(found, status).previousEmail(), found.memberGroups(),
                found.verifiedDomains());
    }
}
