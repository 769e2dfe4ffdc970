package io.guestops.grr.decision;

import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;

/** The one rule for "this reset is already done": the same user and the same email. */
public final class ResetLedger {

    private ResetLedger() {
    }

    public static boolean covers(ResetRecord record, String userId, String email) {
        return record != null && userId != null && userId.equals(record.getUserId()) && Emails.same(record.getEmail(), email);
    }

    /** True when {@code record} is the outcome of {@code intent}: the same user and email. */
    public static boolean settles(ResetRecord record, PendingReset intent) {
        return intent != null && covers(record, intent.getUserId(), intent.getEmail());
    }
}
