package io.guestops.grr.decision;

import java.util.Locale;

/** Email addresses compare as Graph compares them: trimmed and without regard to case. */
public final class Emails {

    private Emails() {
    }

    public static String normalize(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    /** True when both are present and name the same address; null never equals anything. */
    public static boolean same(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }
}
