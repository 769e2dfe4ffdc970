package io.guestops.grr.decision;

import io.guestops.grr.graph.GraphFailure;
import io.guestops.grr.graph.GuestUser;
import io.guestops.grr.graph.RoleAssignment;
import java.util.List;

/** What the observer learned from Graph about the guest a resource names. */
public sealed interface Observation {

    /**
     * The user was read.
     *
     * @param roles the user's direct directory role assignments, or null when they were not read
     *              (no reset is due, or the application may not read them)
     */
    record Found(GuestUser user, List<RoleAssignment> roles) implements Observation {}

    /** No user has that object id or that mail. */
    record Missing(String lookedFor, String requestId) implements Observation {}

    /** Several users share the mail the spec names; the operator never guesses between them. */
    record SeveralMatches(String email, List<String> userIds) implements Observation {}

    /** Graph did not answer the read. */
    record Unreadable(GraphFailure failure) implements Observation {}
}
