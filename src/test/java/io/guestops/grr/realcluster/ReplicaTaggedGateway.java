package io.guestops.grr.realcluster;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One replica's Graph gateway (the real SDK gateway) as the chaos run sees it: each write is noted
 * with the replica's identity and its start and end, so the emulator journal's requests can be
 * traced to the replica that sent them; and once the replica's process is gone (killed, or exited
 * on losing its Lease as production's exit-on-stop-leading does) nothing more leaves it, as nothing
 * leaves a dead process. Requests already on the wire still land, as they would.
 */
final class ReplicaTaggedGateway implements GraphGateway, AutoCloseable {

    private final GraphGateway sdk;
    private final String replica;
    private final ReplicaGraphWrites writes;
    private final BooleanSupplier processGone;

    ReplicaTaggedGateway(GraphGateway sdk, String replica, ReplicaGraphWrites writes, BooleanSupplier processGone) {
        this.sdk = sdk;
        this.replica = replica;
        this.writes = writes;
        this.processGone = processGone;
    }

    @Override
    public GraphResult<Void> updateEmails(String userId, EmailUpdate update) {
        return write("PATCH user", userId, () -> sdk.updateEmails(userId, update));
    }

    @Override
    public GraphResult<IssuedInvitation> resetRedemption(ResetInvitation invitation) {
        return write("POST invitation", invitation.userId(), () -> sdk.resetRedemption(invitation));
    }

    @Override
    public GraphResult<Boolean> createResetNote(String userId, ResetRequestNote note) {
        return write("POST note", userId, () -> sdk.createResetNote(userId, note));
    }

    @Override
    public GraphResult<Void> updateResetNote(String userId, ResetRequestNote note) {
        return write("PATCH note", userId, () -> sdk.updateResetNote(userId, note));
    }

    @Override
    public GraphResult<Void> deleteResetNote(String userId, String extensionName) {
        return write("DELETE note", userId, () -> sdk.deleteResetNote(userId, extensionName));
    }

    private <T> GraphResult<T> write(String operation, String userId, Supplier<GraphResult<T>> call) {
        if (processGone.getAsBoolean()) {
            return gone();
        }
        writes.begin();
        Instant started = Instant.now();
        try {
            return call.get();
        } finally {
            writes.ended(new ReplicaGraphWrites.WriteCall(replica, operation, userId, started, Instant.now()));
        }
    }

    private <T> GraphResult<T> read(Supplier<GraphResult<T>> call) {
        return processGone.getAsBoolean() ? gone() : call.get();
    }

    /** What a thread of a dead process would see, if it could see anything: the request never left. */
    private static <T> GraphResult<T> gone() {
        return new GraphResult.Failed<>(new GraphFailure.Transient(503, "the replica's process is gone", Duration.ofSeconds(1), null));
    }

    @Override
    public GraphResult<GuestUser> getUser(String userId) {
        return read(() -> sdk.getUser(userId));
    }

    @Override
    public GraphResult<List<GuestUser>> findUsersByMail(String email) {
        return read(() -> sdk.findUsersByMail(email));
    }

    @Override
    public GraphResult<List<GuestUser>> findGuestsInvitedAs(String email) {
        return read(() -> sdk.findGuestsInvitedAs(email));
    }

    @Override
    public GraphResult<List<GuestUser>> findAddressHolders(Collection<String> emails) {
        return read(() -> sdk.findAddressHolders(emails));
    }

    @Override
    public GraphResult<Set<String>> memberGroups(String userId, Collection<String> groupIds) {
        return read(() -> sdk.memberGroups(userId, groupIds));
    }

    @Override
    public GraphResult<List<String>> verifiedDomains() {
        return read(sdk::verifiedDomains);
    }

    @Override
    public GuestReads readGuest(String userId, boolean directoryRoles, Collection<String> addresses) {
        if (processGone.getAsBoolean()) {
            return new GuestReads(gone(), null, null);
        }
        return sdk.readGuest(userId, directoryRoles, addresses);
    }

    @Override
    public GraphResult<List<RoleAssignment>> directoryRoleAssignments(String userId) {
        return read(() -> sdk.directoryRoleAssignments(userId));
    }

    @Override
    public GraphResult<List<ResetRequestNote>> readResetNotes(String userId) {
        return read(() -> sdk.readResetNotes(userId));
    }

    @Override
    public GraphBudget budget() {
        return sdk.budget();
    }

    @Override
    public GraphResult<UserDelta> usersDelta(String link, Collection<String> userIds) {
        return read(() -> sdk.usersDelta(link, userIds));
    }

    @Override
    public void close() {
        sdk.close();
    }
}
