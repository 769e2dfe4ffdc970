package io.guestops.grr.kube;

import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GraphBudget;
import io.guestops.grr.graph.gateway.GraphFailure;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.graph.gateway.GuestReads;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.ResetRequestNote;
import io.guestops.grr.graph.gateway.RoleAssignment;
import io.guestops.grr.graph.gateway.UserDelta;
import io.guestops.grr.graph.gateway.WritePermit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A gateway whose writes pass the {@link GraphWriteFence} before they start, and again as each
 * attempt leaves (the SDK re-sends an idempotent write after a 429 or a 503, seconds later: a
 * {@link WritePermit}); reads pass through. A refused write is never sent, and answers as a connection that provably
 * never carried the request ({@link GraphFailure.Transient} with no HTTP status), which every
 * caller already reads as "Graph did not act": a reset's intent is taken back, not left to settle.
 */
final class FencedGraphGateway implements GraphGateway {

    private final GraphGateway graph;
    private final GraphWriteFence fence;

    FencedGraphGateway(GraphGateway graph, GraphWriteFence fence) {
        this.graph = graph;
        this.fence = fence;
    }

    @Override
    public GraphResult<Void> updateEmails(String userId, EmailUpdate update) {
        return write(() -> graph.updateEmails(userId, update));
    }

    @Override
    public GraphResult<IssuedInvitation> resetRedemption(ResetInvitation invitation) {
        return write(() -> graph.resetRedemption(invitation));
    }

    @Override
    public GraphResult<Boolean> createResetNote(String userId, ResetRequestNote note) {
        return write(() -> graph.createResetNote(userId, note));
    }

    @Override
    public GraphResult<Void> updateResetNote(String userId, ResetRequestNote note) {
        return write(() -> graph.updateResetNote(userId, note));
    }

    @Override
    public GraphResult<Void> deleteResetNote(String userId, String extensionName) {
        return write(() -> graph.deleteResetNote(userId, extensionName));
    }

    private <T> GraphResult<T> write(Supplier<GraphResult<T>> call) {
        Optional<String> refused = fence.closedBecause();
        if (refused.isPresent()) {
            return GraphResult.failed(new GraphFailure.Transient(0, "not sent: " + refused.get(), null, null));
        }
        return WritePermit.during(fence::closedBecause, call);
    }

    @Override
    public GraphResult<GuestUser> getUser(String userId) {
        return graph.getUser(userId);
    }

    @Override
    public GraphResult<List<GuestUser>> findUsersByMail(String email) {
        return graph.findUsersByMail(email);
    }

    @Override
    public GraphResult<List<GuestUser>> findGuestsInvitedAs(String email) {
        return graph.findGuestsInvitedAs(email);
    }

    @Override
    public GraphResult<List<GuestUser>> findAddressHolders(Collection<String> emails) {
        return graph.findAddressHolders(emails);
    }

    @Override
    public GraphResult<Set<String>> memberGroups(String userId, Collection<String> groupIds) {
        return graph.memberGroups(userId, groupIds);
    }

    @Override
    public GraphResult<List<String>> verifiedDomains() {
        return graph.verifiedDomains();
    }

    @Override
    public GuestReads readGuest(String userId, boolean directoryRoles, Collection<String> addresses) {
        return graph.readGuest(userId, directoryRoles, addresses);
    }

    @Override
    public GraphResult<List<RoleAssignment>> directoryRoleAssignments(String userId) {
        return graph.directoryRoleAssignments(userId);
    }

    @Override
    public GraphResult<List<ResetRequestNote>> readResetNotes(String userId) {
        return graph.readResetNotes(userId);
    }

    @Override
    public GraphBudget budget() {
        return graph.budget();
    }

    @Override
    public GraphResult<UserDelta> usersDelta(String link, Collection<String> userIds) {
        return graph.usersDelta(link, userIds);
    }
}
