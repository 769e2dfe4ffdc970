package io.guestops.grr.kube;

import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.Optional;

/** Where the guests' reset ledgers are written in the cluster: on their claims ({@link GuestClaims}). */
interface LedgerStore {

    /**
     * Writes {@code next} as the guest's ledger if it is still {@code expected} and {@code resource}
     * still holds the guest's claim. Empty when written; otherwise why not.
     */
    Optional<String> writeLedger(GuestRedemptionReset resource, String userId, GuestLedger expected, GuestLedger next);

    /** Where the guest's ledger lives, for messages. */
    String describe(String userId);
}
