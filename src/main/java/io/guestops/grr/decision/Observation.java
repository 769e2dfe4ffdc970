package io.guestops.grr.decision;

import io.guestops.grr.graph.GraphFailure;
import io.guestops.grr.graph.GuestUser;
import io.guestops.grr.graph.RoleAssignment;
import java.util.List;

/** What the observer learned from Graph about the guest a resource names. */
public sealed interface Observation {

    /**
     * The user was read, with the facts the decision's {@link Preflight} asked for.
     *
     * @param roles          the user's direct directory role assignments; null when they were not
     *                       asked for, or the application may not read them
     * @param addressHolders every user holding one of the preflight's addresses (the guest itself
     *                       included); null when none were asked for
     */
    record Found(GuestUser user, List<RoleAssignment> roles, List<GuestUser> addressHolders) implements Observation {

        /** The user alone, before any preflight read. */
        public Found(GuestUser user) {
            this(user, null, null);
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
