package io.guestops.grr.graph.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A reset request noted on the guest itself, in Entra ID: the Entra copy of the reset ledger, kept
 * as one open extension per request on the user ({@code POST /users/{id}/extensions}). It is written
 * before the reset is sent, so that a fresh cluster, or a second cluster on the same tenant, finds
 * the request and does not send it again. Creating an extension whose name exists fails, so of two
 * operators noting the same request at once exactly one succeeds.
 *
 * @param email                   the email of the reset, as sent
 * @param request                 the request's name ({@code spec.resetRequest}); empty for the first request to that email
 * @param requestedAt             when the reset was (about to be) sent, RFC 3339
 * @param baselineStateChangeTime the guest's externalUserStateChangeDateTime just before it; a later value proves it took effect
 * @param requestedBy             who asked: the resource as {@code namespace/name}, for people reading the note
 * @param attempts                how many requests were (about to be) sent for it
 * @param previousEmail           the guest's mail before the operator first changed it: how a fresh cluster
 *                                finds the guest by a {@code guest.email} the reset moved away, and the mail a
 *                                policy judges the guest by; null when not known
 */
public record ResetRequestNote(String email, String request, String requestedAt, String baselineStateChangeTime,
                               String requestedBy, int attempts, String previousEmail) {

    /** A note without the guest's previous mail. */
    public ResetRequestNote(String email, String request, String requestedAt, String baselineStateChangeTime,
                            String requestedBy, int attempts) {
        this(email, request, requestedAt, baselineStateChangeTime, requestedBy, attempts, null);
    }

    /** Every note's extension name starts with this (reverse DNS, as Graph asks of open extensions). */
    public static final String EXTENSION_PREFIX = "io.guestops.grr.reset.";

    /**
     * One name per request (the email case-folded, as Entra compares addresses, and the request's
     * name), so that creating it is the atomic step of the request.
     */
    public String extensionName() {
        return extensionNameOf(email, request);
    }

    public static String extensionNameOf(String email, String request) {
        String key = email.trim().toLowerCase(Locale.ROOT) + "\n" + (request == null ? "" : request.trim());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return EXTENSION_PREFIX + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
