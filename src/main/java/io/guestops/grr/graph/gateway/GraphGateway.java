package io.guestops.grr.graph.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Everything the operator needs from Microsoft Graph, and the only way it reaches Graph.
 *
 * <p>Every method returns a {@link GraphResult}: failures are values the reconciler decides on,
 * never exceptions. Implementations must never expose an invitation's redeem URL, a token or a
 * client secret in any value or message they return.
 */
public interface GraphGateway extends AutoCloseable {

    /** Releases what the gateway holds (its HTTP clients); a gateway that holds nothing does nothing. */
    @Override
    default void close() {
    }

    /** Reads one user by object id, naming every field the operator needs in {@code $select}. */
    GraphResult<GuestUser> getUser(String userId);

    /** Users whose {@code mail} equals the address exactly (case-insensitive, as Graph compares). */
    GraphResult<List<GuestUser>> findUsersByMail(String email);

    /**
     * Guests invited as {@code email}: their {@code userPrincipalName} is the one Entra derives from the
     * invited address ({@code local_domain#EXT#@host-domain}), which a later change of {@code mail}
     * does not change. Empty when the derived prefix is longer than Graph's 120-character value limit.
     */
    GraphResult<List<GuestUser>> findGuestsInvitedAs(String email);

    /**
     * PATCHes {@code mail} and/or {@code otherMails}; a null part of the update is not sent.
     * {@code otherMails} replaces the whole list in Graph, so callers pass the complete list.
     */
    GraphResult<Void> updateEmails(String userId, EmailUpdate update);

    /**
     * Every user that holds one of {@code emails} as its {@code mail}, in {@code otherMails}, as a
     * proxy address ({@code smtp:}, any case) or as its {@code userPrincipalName}: who else could
     * redeem an invitation sent to that address. Any number of addresses: the lookup takes as many
     * queries as Graph's query limits need; read with the same {@code $select} as {@link #getUser}.
     */
    GraphResult<List<GuestUser>> findAddressHolders(Collection<String> emails);

    /**
     * Which of {@code groupIds} the user is a member of, directly or through nested groups
     * ({@code POST /users/{id}/checkMemberGroups}, 20 ids a call; more ids take several calls).
     */
    GraphResult<Set<String>> memberGroups(String userId, Collection<String> groupIds);

    /** The host tenant's verified domain names ({@code GET /domains}, those with {@code isVerified}). */
    GraphResult<List<String>> verifiedDomains();

    /**
     * The user by object id and, in the same round trip where the implementation can, its directory
     * roles (when {@code directoryRoles}) and who holds {@code addresses} (when there are any): the
     * reads of one pass before its decision. This default makes them one after another (and stops
     * after a failed user read); the SDK gateway sends one JSON {@code $batch}, whose parts Graph
     * still counts against the budget one by one.
     */
    default GuestReads readGuest(String userId, boolean directoryRoles, Collection<String> addresses) {
        GraphResult<GuestUser> user = getUser(userId);
        if (!user.isSuccess()) {
            return new GuestReads(user, null, null);
        }
        return new GuestReads(user, directoryRoles ? directoryRoleAssignments(userId) : null,
                addresses.isEmpty() ? null : findAddressHolders(addresses));
    }

    /** The user's direct directory role assignments. */
    GraphResult<List<RoleAssignment>> directoryRoleAssignments(String userId);

    /**
     * POST /invitations with {@code resetRedemption: true} and {@code invitedUser.id}. Sent at most
     * once per call: the SDK's retry middleware is switched off for this request. A failure that
     * leaves it unknown whether Graph acted is {@link GraphFailure.Ambiguous}.
     */
    GraphResult<IssuedInvitation> resetRedemption(ResetInvitation invitation);

    /**
     * The reset requests noted on the user ({@link ResetRequestNote}: its open extensions whose name
     * starts with {@link ResetRequestNote#EXTENSION_PREFIX}; other applications' extensions are ignored).
     */
    GraphResult<List<ResetRequestNote>> readResetNotes(String userId);

    /**
     * Notes a reset request on the user ({@code POST /users/{id}/extensions}). The value is false, not
     * a failure, when a note of the same name exists already (Graph answers 409): another operator
     * noted the same request first, and the caller must read it instead of sending the reset.
     */
    GraphResult<Boolean> createResetNote(String userId, ResetRequestNote note);

    /** Replaces the data of an existing note ({@code PATCH /users/{id}/extensions/{name}}), for a reset sent again. */
    GraphResult<Void> updateResetNote(String userId, ResetRequestNote note);

    /** Removes a note that a later request superseded ({@code DELETE /users/{id}/extensions/{name}}). */
    GraphResult<Void> deleteResetNote(String userId, String extensionName);

    /**
     * The client-side budget of this gateway's (application, tenant), which passes enter before
     * their Graph work. Unpaced unless the implementation meters its exchanges.
     */
    default GraphBudget budget() {
        return GraphBudget.UNPACED;
    }

    /**
     * One page of {@code /users/delta}. Pass null for {@code link} to start a new round (optionally
     * restricted to {@code userIds}, at most 50); pass a previous next or delta link to continue.
     */
    GraphResult<UserDelta> usersDelta(String link, Collection<String> userIds);
}
