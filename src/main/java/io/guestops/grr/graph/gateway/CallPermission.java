package io.guestops.grr.graph.gateway;

/**
 * The application permission each Graph call of the operator needs, so a 403 can name what to grant
 * instead of a generic list. Least privileged as Microsoft's pages list it, except where the
 * operator needs more anyway: user reads, PATCH, the reset and open extensions all name
 * User.ReadWrite.All, the one permission the operator is documented to require (the reset needs it).
 */
public enum CallPermission {
    /** GET /users, /users/{id}, /users/delta (api/user-get, api/user-list, api/user-delta). */
    USER_READS("reading users", "User.ReadWrite.All", ""),
    /** PATCH /users/{id} of mail/otherMails (api/user-update). */
    USER_UPDATE("PATCH /users/{id}", "User.ReadWrite.All", "; to change otherMails of a user who holds an admin role, Graph "
            + "also wants a higher admin role held by the application itself (Privileged Authentication Administrator)"),
    /** POST /invitations with resetRedemption (Microsoft-authored doc fix: User.Invite.All is not enough). */
    RESET("POST /invitations", "User.ReadWrite.All", "; Graph refuses an application-only reset of a user who holds a "
            + "directory role whatever the permission"),
    /** Open extensions on a user ("Create open extension" for a user). */
    OPEN_EXTENSIONS("a user's open extensions", "User.ReadWrite.All", ""),
    /** GET /roleManagement/directory/roleAssignments (api/rbacapplication-list-roleassignments). */
    ROLE_READS("GET /roleManagement/directory/roleAssignments", "RoleManagement.Read.Directory", ""),
    /** POST /users/{id}/checkMemberGroups (api/directoryobject-checkmembergroups). */
    MEMBER_GROUPS("POST /users/{id}/checkMemberGroups", "GroupMember.Read.All", ""),
    /** GET /domains (api/domain-list). */
    VERIFIED_DOMAINS("GET /domains", "Domain.Read.All", "");

    private final String call;
    private final String permission;
    private final String roleHolders;

    /** @param roleHolders what else Graph wants when the user holds a directory role ("" when nothing) */
    CallPermission(String call, String permission, String roleHolders) {
        this.call = call;
        this.permission = permission;
        this.roleHolders = roleHolders;
    }

    /** The request, as a person would look it up in Graph's docs. */
    public String call() {
        return call;
    }

    /** The application permission to grant (with admin consent). */
    public String permission() {
        return permission;
    }

    /**
     * What Graph also wants for a user who holds a directory role, "; ..." or empty: a 403 of these
     * calls may come from the role rule with the permission granted (when roles could not be read).
     */
    public String roleHolders() {
        return roleHolders;
    }
}
