package io.guestops.grr.kube;

import io.guestops.grr.decision.ownership.ResetLedger;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resets Graph confirmed (201) whose record could not be written to status yet because the API
 * server refused. Kept in memory per resource and put back into the next reconcile's status, so
 * a clear answer from Graph is never downgraded to an inference from the user's state while this
 * process lives. (After a restart, the intent in status and Graph's state take over.)
 */
final class ConfirmedResets {

    private final Map<String, ResetRecord> unrecorded = new ConcurrentHashMap<>();

    void remember(GuestRedemptionReset resource, ResetRecord record) {
        unrecorded.put(key(resource), record);
    }

    /**
     * Puts a remembered record into {@code draft} while the stored status still shows the very
     * intent it settles; forgets it otherwise (recorded meanwhile, or the status has moved on to
     * another reset, which an old record must never overwrite).
     */
    void restoreInto(GuestRedemptionReset resource, GuestRedemptionResetStatus draft) {
        String key = key(resource);
        ResetRecord record = unrecorded.get(key);
        if (record == null) {
            return;
        }
        PendingReset intent = resource.getStatus() == null ? null : resource.getStatus().getPendingReset();
        if (!ResetLedger.settles(record, intent)) {
            unrecorded.remove(key);
            return;
        }
        draft.setReset(record);
        draft.setPendingReset(null);
    }

    /** Name and uid: a resource deleted and re-created under the same name starts with no memory. */
    private static String key(GuestRedemptionReset resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + "/" + resource.getMetadata().getUid();
    }
}
