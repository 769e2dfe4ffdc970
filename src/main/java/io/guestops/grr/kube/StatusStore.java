package io.guestops.grr.kube;

import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.function.Consumer;

/** Where a pass writes the status of the resource it serves; {@link StatusWriter} is the real one. */
interface StatusStore {

    /** @throws StatusWriter.StatusConflict when the resource changed since the pass read it */
    void write(GuestRedemptionResetStatus status);

    /**
     * Writes a status that records a reset Graph confirmed; on a lost race, {@code mergeInto} is
     * applied to the latest stored status and that is written instead.
     */
    void writeRecording(GuestRedemptionResetStatus status, Consumer<GuestRedemptionResetStatus> mergeInto);
}
