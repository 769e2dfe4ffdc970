package io.guestops.grr.decision.spec;

import io.guestops.grr.model.EmailSyntax;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Email addresses compare as Graph compares them (trimmed, without regard to case) and are checked as Entra accepts them. */
public final class Emails {

    private static final Pattern SIGN_IN_ADDRESS = Pattern.compile(EmailSyntax.PATTERN);

    private Emails() {
    }

    public static String normalize(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    /** True when both are present and name the same address; null never equals anything. */
    public static boolean same(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }

    /**
     * Why {@code email} is not an address Entra accepts for signing in, or empty when it is. The
     * reasons name what a person typed wrong; a non-ASCII character gets its own reason because a
     * homoglyph domain looks right to the eye.
     */
    public static Optional<String> syntaxProblem(String email) {
        String value = email.trim();
        if (value.length() > EmailSyntax.MAX_LENGTH) {
            return Optional.of("is longer than " + EmailSyntax.MAX_LENGTH + " characters");
        }
        if (!value.chars().allMatch(c -> c < 128)) {
            return Optional.of("contains a non-ASCII character; write an internationalized domain in its xn-- form, got '"
                    + value + "'");
        }
        if (!SIGN_IN_ADDRESS.matcher(value).matches()) {
            return Optional.of("must be an email address such as name@example.com (no quoted local part, no IP address, "
                    + "no trailing dot), got '" + value + "'");
        }
        if (value.indexOf('@') > EmailSyntax.MAX_LOCAL_PART_LENGTH) {
            return Optional.of("has a part before '@' longer than " + EmailSyntax.MAX_LOCAL_PART_LENGTH + " characters");
        }
        return Optional.empty();
    }

    /** The domain of a syntactically valid address, lower case. */
    public static String domainOf(String email) {
        String value = normalize(email);
        return value.substring(value.lastIndexOf('@') + 1);
    }
}
