package io.guestops.grr.decision.ownership;

import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetLedgerEntry;
import io.guestops.grr.model.ResetRecord;

/**
 * The one rule for "this reset request is already done": the same user, the same email (as Entra
 * compares addresses) and the same request name ({@code spec.resetRequest}). The resource's name
 * and namespace are not part of it, so a resource re-created, moved or restored asks for nothing new.
 */
public final class ResetLedger {

    private ResetLedger() {
    }

    public static boolean covers(ResetRecord record, String userId, String email, String request) {
        return isAbout(record, userId, email, request);
    }

    /** Whether {@code record} is the reset {@code spec} asks of {@code userId}. */
    public static boolean covers(ResetRecord record, String userId, GuestRedemptionResetSpec spec) {
        return covers(record, userId, spec.getDesiredEmail(), spec.resetRequestName());
    }

    /** True when {@code record} is the outcome of {@code intent}: the same user, email and request. */
    public static boolean settles(ResetRecord record, PendingReset intent) {
        return intent != null && covers(record, intent.getUserId(), intent.getEmail(), intent.requestName());
    }

    /** Whether {@code intent} is the reset {@code spec} asks of {@code userId}. */
    public static boolean intends(PendingReset intent, String userId, GuestRedemptionResetSpec spec) {
        return isAbout(intent, userId, spec.getDesiredEmail(), spec.resetRequestName());
    }

    /** The rule itself, the same for a done reset and an intent; a null {@code request} is the first request. */
    private static boolean isAbout(ResetLedgerEntry entry, String userId, String email, String request) {
        return isForAddress(entry, userId, email) && entry.requestName().equals(request == null ? "" : request);
    }

    /** Whether {@code entry} is about user {@code userId} at {@code email}, whichever request it answers. */
    static boolean isForAddress(ResetLedgerEntry entry, String userId, String email) {
        return entry != null && userId != null && userId.equals(entry.getUserId()) && Emails.same(entry.getEmail(), email);
    }
}
