package io.guestops.grr.testkit;

/** The guests of /e2e/extra-users.yaml by the names their displayName gives them (object ids). */
public final class ExtraUsers {

    public static final String RESOURCE = "/e2e/extra-users.yaml";
    /** A guest whose email changes. */
    public static final String GINA = "7d000000-0000-4000-8000-000000000001";
    /** Two guests sharing one mail. */
    public static final String TWIN_ONE = "7d000000-0000-4000-8000-000000000002";
    public static final String TWIN_TWO = "7d000000-0000-4000-8000-000000000003";
    /** The healthy neighbour of a broken spec. */
    public static final String HUGO = "7d000000-0000-4000-8000-000000000004";
    /** A member, not a guest. */
    public static final String IVY = "7d000000-0000-4000-8000-000000000005";
    /** Created after a broken spec; given a directory role once settled (DriftRepairTest). */
    public static final String KIM = "7d000000-0000-4000-8000-000000000006";
    /** Reached through a connection from a Secret. */
    public static final String LENA = "7d000000-0000-4000-8000-000000000007";
    /** Named by resources with bad connections. */
    public static final String MO = "7d000000-0000-4000-8000-000000000008";
    /** With 250 otherMails. */
    public static final String NORA = "7d000000-0000-4000-8000-000000000009";

    private ExtraUsers() {
    }
}
