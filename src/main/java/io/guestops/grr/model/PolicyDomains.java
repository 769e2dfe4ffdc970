package io.guestops.grr.model;

/**
 * How a policy names domains: {@code contoso.com} (exactly that domain), {@code *.contoso.com} (its
 * subdomains, not the domain itself) or {@code *} (any domain). Matching ignores case.
 */
public final class PolicyDomains {

    /** A DNS label: letters, digits and inner hyphens, at most 63 characters. */
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

    /** One domain entry of a policy, as the CRD checks it. */
    public static final String PATTERN = "^(\\*|(\\*\\.)?(" + LABEL + "\\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}))$";

    /** The most entries one domain list may hold. */
    public static final int MAX_ENTRIES = 500;

    /** The entry that matches every domain. */
    public static final String ANY = "*";

    private PolicyDomains() {
    }
}
