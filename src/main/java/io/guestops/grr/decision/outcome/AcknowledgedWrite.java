package io.guestops.grr.decision.outcome;

import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The operator's own PATCH of the addresses that Graph acknowledged (204). Graph commits it, but a
 * read seconds later may come from a replica that has not seen it and still show the old values
 * (eventual consistency). The plan made from that stale read is the very PATCH already acknowledged;
 * sending it again would only repeat the write (each one counts against the tenant's write limit).
 * So for {@link #TRUST_WINDOW} after the 204 that same PATCH counts as done and the pass goes on
 * (to the reset, whose own replication-lag handling waits for the invitation service).
 *
 * <p>Why this loses no address: the trust covers only a PATCH identical to the acknowledged one
 * (same fingerprint). That PATCH was made from the list Graph returned before it, so nothing it
 * would write is new; repeating it from a stale read could only do harm, because its otherMails
 * replace the whole list and would drop an entry someone else added after the 204, which the stale
 * read cannot show. A read that shows anything else (someone removed our address, or the spec asks
 * for more) makes a different PATCH, which is sent at once from what Graph shows. After the window a
 * read that still differs is believed: the write is made again.
 */
public final class AcknowledgedWrite {

    /**
     * Graph's replicas converge in seconds (public reports; the stand-in measured 1 s). Two minutes
     * covers that with margin and keeps short the time a change back to the old values, by someone
     * else right after the 204, would go unrepaired.
     */
    public static final Duration TRUST_WINDOW = Duration.ofMinutes(2);

    private AcknowledgedWrite() {
    }

    /** What status.emailsWritten records of a PATCH: a digest of its values, as sent. */
    public static String fingerprint(EmailUpdate update) {
        String canonical = "mail=" + update.mail() + "\notherMails=" + update.otherMails();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether {@code update} is the PATCH Graph acknowledged less than {@link #TRUST_WINDOW} ago. */
    public static boolean alreadyAcknowledged(EmailUpdate update, GuestRedemptionResetStatus status, Instant now) {
        String at = status.getEmailsUpdatedAt();
        String written = status.getEmailsWritten();
        return at != null && written != null && Instant.parse(at).plus(TRUST_WINDOW).isAfter(now)
                && written.equals(fingerprint(update));
    }
}
