package io.guestops.grr.emulator.api;

/** Application permissions (app roles) of Microsoft Graph the emulated routes need. */
final class Permissions {
    static final String USER_READ_ALL = "User.Read.All";
    static final String USER_READ_WRITE_ALL = "User.ReadWrite.All";
    static final String USER_INVITE_ALL = "User.Invite.All";
    static final String ROLES_READ = "RoleManagement.Read.Directory";
    static final String ROLES_READ_WRITE = "RoleManagement.ReadWrite.Directory";

    static final String[] READ_USERS = {USER_READ_ALL, USER_READ_WRITE_ALL};
    static final String[] WRITE_USERS = {USER_READ_WRITE_ALL};
    static final String[] INVITE = {USER_INVITE_ALL, USER_READ_WRITE_ALL};
    static final String[] READ_ROLES = {ROLES_READ, ROLES_READ_WRITE};

    private Permissions() {
    }
}
