package io.guestops.grr.emulator.directory;

import java.util.List;
import java.util.Optional;

/** Read access to the emulator's current state, for assertions in tests. */
public interface DirectoryView {
    Optional<DirectoryUser> user(String id);

    List<DirectoryUser> users();

    List<InvitationRecord> invitations();

    /** The open extensions on a user, in the order they were created; empty for an unknown user. */
    List<OpenExtension> extensionsOf(String userId);

    /** The redeem URL issued with an invitation (never in the journal or the state dump). */
    Optional<String> redeemUrlOf(String invitationId);

    List<DirectoryRoleAssignment> roleAssignments();

    List<Tenant> tenants();

    List<Application> applications();

    List<Group> groups();
}
