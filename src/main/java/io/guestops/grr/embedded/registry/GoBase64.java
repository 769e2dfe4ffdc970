package io.guestops.grr.embedded.registry;

import java.util.OptionalInt;

/**
 * Where Go's padded standard base64 decoder (encoding/base64.StdEncoding, which the API server
 * uses for the []byte values of a Secret's data) gives up on a string: the "input byte" of its
 * "illegal base64 data at input byte N". Java's decoder reports no position and accepts inputs Go
 * refuses, so the rules are Go's, quantum by quantum; CR and LF are skipped as Go skips them.
 */
final class GoBase64 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private GoBase64() {
    }

    /** The offset Go reports, or empty when Go decodes the string. */
    static OptionalInt corruptAt(String text) {
        int si = 0;
        while (si < text.length()) {
            int[] next = {si};
            OptionalInt error = quantum(text, next);
            if (error.isPresent() || next[0] < 0) {
                return error;
            }
            si = next[0];
        }
        return OptionalInt.empty();
    }

    /**
     * Reads one 4-character quantum starting at {@code at[0]}; on return {@code at[0]} is where
     * the next quantum starts, or -1 when the input ended (padding or end of text).
     */
    private static OptionalInt quantum(String text, int[] at) {
        int si = at[0];
        int length = text.length();
        for (int j = 0; j < 4; j++) {
            if (si == length) {
                if (j == 0) {
                    at[0] = -1;
                    return OptionalInt.empty();
                }
                return OptionalInt.of(si - j);
            }
            char in = text.charAt(si++);
            if (ALPHABET.indexOf(in) >= 0) {
                continue;
            }
            if (in == '\n' || in == '\r') {
                j--;
                continue;
            }
            if (in != '=' || j < 2) {
                return OptionalInt.of(si - 1);
            }
            if (j == 2) {
                si = skipNewlines(text, si);
                if (si == length) {
                    return OptionalInt.of(length);
                }
                if (text.charAt(si) != '=') {
                    return OptionalInt.of(si - 1);
                }
                si++;
            }
            si = skipNewlines(text, si);
            if (si < length) {
                return OptionalInt.of(si);
            }
            at[0] = -1;
            return OptionalInt.empty();
        }
        at[0] = si;
        return OptionalInt.empty();
    }

    private static int skipNewlines(String text, int si) {
        while (si < text.length() && (text.charAt(si) == '\n' || text.charAt(si) == '\r')) {
            si++;
        }
        return si;
    }
}
