package io.guestops.grr.decision.ownership;

import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The guest's reset ledger, as read with its claim: the record of the last reset any resource made
 * to the guest, and a reset about to be sent or sent without a clear answer. It outlives every
 * resource (it lives on the guest's claim, and optionally on the guest in Entra ID), so a resource
 * deleted and re-created, moved or restored without status finds the request already done.
 *
 * @param last             the last reset that took effect, or null
 * @param pending          the reset recorded as about to be sent, or null
 * @param pendingFromEntra whether {@code pending} was read from the Entra copy (a request noted on the
 *                         guest by an operator of another cluster, or of this one before it was rebuilt)
 * @param earlierRequests  the names of the requests done before {@code last} to the same email (a
 *                         `resetRequest` added, then reverted in Git, asks for one of these: done already)
 */
public record GuestLedger(ResetRecord last, PendingReset pending, boolean pendingFromEntra, List<String> earlierRequests) {

    /** Nothing recorded for the guest yet. */
    public static final GuestLedger EMPTY = new GuestLedger(null, null, false, List.of());

    public GuestLedger {
        earlierRequests = earlierRequests == null ? List.of() : List.copyOf(earlierRequests);
    }

    public GuestLedger(ResetRecord last, PendingReset pending, boolean pendingFromEntra) {
        this(last, pending, pendingFromEntra, List.of());
    }


    public GuestLedger(ResetRecord last, PendingReset pending) {
        this(last, pending, false);
    }

    /**
     * Whether the guest's reset for {@code spec}'s request is done: it is the last one, or one done
     * before it to the same email (no reset to another email came between).
     */
    public boolean covers(String userId, GuestRedemptionResetSpec spec) {
        if (ResetLedger.covers(last, userId, spec)) {
            return true;
        }
        return ResetLedger.isForAddress(last, userId, spec.getDesiredEmail()) && earlierRequests.contains(spec.resetRequestName());
    }

    /** Whether the ledger holds {@code spec}'s request for {@code userId}: done, or about to be or being sent. */
    public boolean holdsRequest(String userId, GuestRedemptionResetSpec spec) {
        return userId != null && (covers(userId, spec) || ResetLedger.intends(pending, userId, spec));
    }

    /** This ledger after a pass's outcome: a recorded reset becomes the last one; a settled intent goes. */
    public GuestLedger after(ResetRecord recorded, boolean clearsPending) {
        if (recorded != null) {
            return new GuestLedger(recorded, null, false, requestsBefore(recorded));
        }
        return clearsPending ? new GuestLedger(last, null, false, earlierRequests) : this;
    }

    /** The requests to {@code next}'s email done before it: kept while the email stays, forgotten when it changes. */
    private List<String> requestsBefore(ResetRecord next) {
        boolean sameEmail = ResetLedger.isForAddress(last, next.getUserId(), next.getEmail());
        if (!sameEmail) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>(earlierRequests);
        names.add(last.requestName());
        names.remove(next.requestName());
        return new ArrayList<>(names);
    }

    /** This ledger with the intent {@code intent} about to be sent. */
    public GuestLedger intending(PendingReset intent) {
        return new GuestLedger(last, intent, false, earlierRequests);
    }

    /**
     * This ledger as the guest's claim stores it: an intent read from the Entra copy
     * ({@code pendingFromEntra}) is not on the claim. What an optimistic write of the claim compares
     * with, and what it writes.
     */
    public GuestLedger onClaim() {
        return pendingFromEntra ? new GuestLedger(last, null, false, earlierRequests) : this;
    }

    public boolean isEmpty() {
        return last == null && pending == null;
    }
}
