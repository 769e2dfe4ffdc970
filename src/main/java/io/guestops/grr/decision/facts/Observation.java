package io.guestops.grr.decision.facts;

import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.RoleAssignment;
import java.util.List;
import java.util.Set;

/** What the observer learned from Graph about the guest a resource names. */
public sealed interface Observation {

    /**
     * The user was read, with the facts the decision's {@link Preflight} asked for.
     *
     * @param roles          the user's direct directory role assignments; null when they were not
     *                       asked for, or the application may not read them
     * @param addressHolders every user holding one of the preflight's addresses (the guest itself
     *                       included); null when none were asked for
     * @param memberGroups   which of the policies' groups the user is a transitive member of; null when not asked for
     * @param verifiedDomains the host tenant's verified domains; null when not asked for
     */
    record Found(GuestUser user, List<RoleAssignment> roles, List<GuestUser> addressHolders, Set<String> memberGroups,
                 List<String> verifiedDomains) implements Observation {

        /** The user alone, before any preflight read. */
        public Found(GuestUser user) {
            this(user, null, null);
        }

        /** The user with the reads no policy asked for. */
        public Found(GuestUser user, List<RoleAssignment> roles, List<GuestUser> addressHolders) {
            this(user, roles, addressHolders, null, null);
        }
    }

    /** No user has that object id or that mail. */
    record Missing(String lookedFor, String requestId) implements Observation {}

    /** Several users share the mail the spec names; the operator never guesses between them. */
    record SeveralMatches(String email, List<String> userIds) implements Observation {}

    /** Graph did not answer the read. */
    record Unreadable(GraphFailure failure, String doing) implements Observation {

        public Unreadable(GraphFailure failure) {
            this(failure, "reading the guest");
        }
    }
}
