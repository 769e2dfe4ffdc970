package io.guestops.grr.emulator.api;

import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.wire.GraphError;
import java.util.List;
import java.util.Set;

/**
 * Graph's rule for updating a role holder (https://learn.microsoft.com/graph/api/user-update, note
 * on sensitive properties): "In app-only scenarios, the app must be assigned a higher privileged
 * administrator role" to change otherMails of a user with a privileged administrator role.
 *
 * <p>Modelled minimally: every directory role counts as privileged (as for the reset), and the
 * calling application holds a higher role when a role assignment names its client id as principal
 * (the emulator has no service principals) with Privileged Authentication Administrator or Global
 * Administrator, the roles the "Who can perform sensitive actions" table allows for any admin.
 */
final class RoleHolderUpdates {

    /** The sensitive properties the emulator can write; mail is not on Graph's list. */
    static final Set<String> SENSITIVE = Set.of("otherMails");
    static final String PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
    static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
    private static final Set<String> HIGHER_ROLES = Set.of(PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, GLOBAL_ADMINISTRATOR);

    private RoleHolderUpdates() {
    }

    /** Refuses, as Graph does, a PATCH of a sensitive property of a role holder by an app without a higher role. */
    static void check(GraphContext ctx, DirectoryUser user, Set<String> patched) {
        if (patched.stream().noneMatch(SENSITIVE::contains)) {
            return;
        }
        List<DirectoryRoleAssignment> roles = ctx.directory().roleAssignments(ctx.tenantId());
        boolean holdsRole = roles.stream().anyMatch(r -> r.principalId().equalsIgnoreCase(user.id()));
        boolean appHoldsHigherRole = roles.stream().anyMatch(r -> r.principalId().equalsIgnoreCase(ctx.caller().appId())
                && HIGHER_ROLES.contains(r.roleDefinitionId()));
        if (holdsRole && !appHoldsHigherRole) {
            throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }
    }
}
