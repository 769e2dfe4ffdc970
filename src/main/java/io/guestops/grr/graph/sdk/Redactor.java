package io.guestops.grr.graph.sdk;

import java.util.regex.Pattern;

/**
 * Scrubs text a person will read (failure messages) of what must never be shown: the configured
 * client secret, anything shaped like a JWT (access tokens, client assertions) and redeem links.
 */
public final class Redactor {

    static final int MAX_LENGTH = 400;
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern REDEEM_URL = Pattern.compile("https?://\\S*redeem\\S*", Pattern.CASE_INSENSITIVE);

    private final String secret;

    public Redactor(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret;
    }

    String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = secret == null ? text : text.replace(secret, "***");
        cleaned = JWT.matcher(cleaned).replaceAll("***");
        cleaned = REDEEM_URL.matcher(cleaned).replaceAll("<redeem link removed>");
        cleaned = cleaned.replaceAll("\\s+", " ").trim();
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) + "..." : cleaned;
    }
}
