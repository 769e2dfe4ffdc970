package io.guestops.grr.csvimport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Resource names for imported rows: DNS-1123 labels made from the desired email, plus a short hash
 * of the guest and the address, so the same row always gets the same name (a re-import replaces
 * its own file) and two rows never share one.
 */
final class ImportRowNames {

    static final int MAX_LENGTH = 63;
    private static final int HASH_LENGTH = 8;

    private ImportRowNames() {
    }

    static String derive(ImportRow row) {
        String base = row.desiredEmail().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        int room = MAX_LENGTH - HASH_LENGTH - 1;
        if (base.length() > room) {
            base = base.substring(0, room).replaceAll("-+$", "");
        }
        if (base.isEmpty()) {
            base = "guest";
        }
        return base + "-" + hash(row.guestKey() + "|" + row.desiredEmail().toLowerCase(Locale.ROOT));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
