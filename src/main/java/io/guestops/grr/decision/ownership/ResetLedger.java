package io.guestops.grr.decision.ownership;

import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.PendingReset;
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
        return record != null && userId != null && userId.equals(record.getUserId()) && Emails.same(record.getEmail(), email)
                && record.requestName().equals(request == null ? "" : request);
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
        return intent != null && userId != null && userId.equals(intent.getUserId())
                && Emails.same(intent.getEmail(), spec.getDesiredEmail()) && intent.requestName().equals(spec.resetRequestName());
    }
}
