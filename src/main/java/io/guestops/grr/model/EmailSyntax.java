package io.guestops.grr.model;

/**
 * The address syntax Entra ID accepts for a guest's sign-in address, in one place for the CRD schema
 * (its {@code pattern} and {@code maxLength}), the embedded API server and the operator's own spec
 * validation. Stricter than RFC 5322 on purpose: ASCII only (an internationalized domain only in its
 * {@code xn--} form, so a homoglyph cannot pass for another domain), no quoted local part, no IP
 * literal and no trailing dot.
 */
public final class EmailSyntax {

    /** An atom of the local part: RFC 5322 atext, ASCII only. */
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    /** A DNS label: letters, digits and inner hyphens, at most 63 characters. */
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /** The top-level domain: letters, or an internationalized one in its punycode form. */
    private static final String TOP_LEVEL = "([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})";

    /**
     * A dot-atom local part, {@code @}, and a domain of at least two labels whose last is not
     * numeric (which rules out IP literals). RE2- and java.util.regex-compatible, as CRD patterns must be.
     */
    public static final String PATTERN = "^" + ATOM + "(\\." + ATOM + ")*@(" + LABEL + "\\.)+" + TOP_LEVEL + "$";

    /** The longest address (RFC 5321's path limit). */
    public static final int MAX_LENGTH = 254;

    /** The longest local part (RFC 5321). */
    public static final int MAX_LOCAL_PART_LENGTH = 64;

    private EmailSyntax() {
    }
}
