package io.guestops.grr.decision;

import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;

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
 */
public record GuestLedger(ResetRecord last, PendingReset pending, boolean pendingFromEntra) {

    /** Nothing recorded for the guest yet. */
    public static final GuestLedger EMPTY = new GuestLedger(null, null, false);

    /** How an adopted record names the ledger it came from ({@code status.reset.confirmedBy}). */
    public static final String CLUSTER_LEDGER = "ClusterLedger";
    public static final String ENTRA_LEDGER = "EntraLedger";

    public GuestLedger(ResetRecord last, PendingReset pending) {
        this(last, pending, false);
    }

    /** This ledger after a pass's outcome: a recorded reset becomes the last one; a settled intent goes. */
    public GuestLedger after(ResetRecord recorded, boolean clearsPending) {
        if (recorded != null) {
            return new GuestLedger(recorded, null, false);
        }
        return clearsPending ? new GuestLedger(last, null, false) : this;
    }

    /** This ledger with the intent {@code intent} about to be sent. */
    public GuestLedger intending(PendingReset intent) {
        return new GuestLedger(last, intent, false);
    }

    public boolean isEmpty() {
        return last == null && pending == null;
    }
}
