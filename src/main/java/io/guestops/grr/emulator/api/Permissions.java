package io.guestops.grr.emulator.api;

import io.guestops.grr.emulator.auth.CallerIdentity;
import java.util.Set;

/** Application permissions (app roles) of Microsoft Graph the emulated routes need. */
final class Permissions {
    static final String USER_READ_ALL = "User.Read.All";
    static final String USER_READ_WRITE_ALL = "User.ReadWrite.All";
    static final String USER_READ_UPDATE_ALL = "User.ReadUpdate.All";
    static final String USER_MAIL_READ_WRITE_ALL = "User-Mail.ReadWrite.All";
    static final String USER_INVITE_ALL = "User.Invite.All";
    static final String ROLES_READ = "RoleManagement.Read.Directory";
    static final String ROLES_READ_ALL = "RoleManagement.Read.All";
    static final String ROLES_READ_WRITE = "RoleManagement.ReadWrite.Directory";
    static final String GROUP_MEMBER_READ_ALL = "GroupMember.Read.All";
    static final String GROUP_READ_ALL = "Group.Read.All";
    static final String DOMAIN_READ_ALL = "Domain.Read.All";
    static final String DOMAIN_READ_WRITE_ALL = "Domain.ReadWrite.All";
    static final String DIRECTORY_READ_ALL = "Directory.Read.All";
    static final String DIRECTORY_READ_WRITE_ALL = "Directory.ReadWrite.All";

    /**
     * Reading users, one or a list, and users/delta: https://learn.microsoft.com/graph/api/user-list,
     * https://learn.microsoft.com/graph/api/user-get, https://learn.microsoft.com/graph/api/user-delta.
     */
    static final String[] READ_USERS = {USER_READ_ALL, USER_READ_WRITE_ALL, DIRECTORY_READ_ALL, DIRECTORY_READ_WRITE_ALL};
    /** Updating a user: https://learn.microsoft.com/graph/api/user-update ("least privileged: User.ReadUpdate.All"). */
    private static final String[] UPDATE_USERS = {USER_READ_UPDATE_ALL, USER_READ_WRITE_ALL, DIRECTORY_READ_WRITE_ALL};
    static final String[] INVITE = {USER_INVITE_ALL, USER_READ_WRITE_ALL};
    /** Create, update or delete an open extension on a user (application): "Create open extension" lists User.ReadWrite.All. */
    static final String[] WRITE_USER_EXTENSIONS = {USER_READ_WRITE_ALL, DIRECTORY_READ_WRITE_ALL};
    /** Listing role assignments of the directory provider: https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments. */
    static final String[] READ_ROLES = {ROLES_READ, ROLES_READ_ALL, DIRECTORY_READ_ALL, ROLES_READ_WRITE, DIRECTORY_READ_WRITE_ALL};
    static final String[] READ_DOMAINS = {DOMAIN_READ_ALL, DOMAIN_READ_WRITE_ALL, DIRECTORY_READ_ALL, DIRECTORY_READ_WRITE_ALL};
    private static final String[] READ_DIRECTORY = {DIRECTORY_READ_ALL, DIRECTORY_READ_WRITE_ALL};
    private static final String[] READ_GROUP_MEMBERS = {GROUP_MEMBER_READ_ALL, GROUP_READ_ALL};

    private Permissions() {
    }

    /**
     * PATCH of a user's {@code properties}: "User-Mail.ReadWrite.All is the least privileged
     * permission to update the otherMails property" (https://learn.microsoft.com/graph/api/user-update),
     * so a PATCH of otherMails alone takes it too; anything else needs an update permission.
     */
    static boolean canUpdate(CallerIdentity caller, Set<String> properties) {
        boolean otherMailsOnly = !properties.isEmpty() && properties.stream().allMatch(p -> p.equals("otherMails") || p.equals("@odata.type"));
        return caller.hasAnyRole(UPDATE_USERS) || otherMailsOnly && caller.hasAnyRole(USER_MAIL_READ_WRITE_ALL);
    }

    /**
     * checkMemberGroups on a user, application permissions as documented: a user permission AND a
     * group permission (User.Read.All or User.ReadWrite.All with GroupMember.Read.All or
     * Group.Read.All), or Directory.Read.All / Directory.ReadWrite.All alone.
     */
    static boolean canCheckMemberGroups(CallerIdentity caller) {
        return caller.hasAnyRole(READ_DIRECTORY)
                || caller.hasAnyRole(READ_USERS) && caller.hasAnyRole(READ_GROUP_MEMBERS);
    }
}
