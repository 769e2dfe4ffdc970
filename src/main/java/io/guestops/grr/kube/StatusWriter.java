package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Writes status with optimistic locking: a PUT of the status subresource carrying the
 * resourceVersion the reconcile started from. A stale view (another writer, or a cache that lags)
 * fails with 409 instead of overwriting, which is what makes "intent recorded before the reset" safe.
 * Each written version is handed to JOSDK's cache so the next reconcile starts from it.
 */
final class StatusWriter {

    /** The status write lost a race; the reconcile must start over from a fresh read. */
    static final class StatusConflict extends RuntimeException {
        StatusConflict(String message) {
            super(message);
        }
    }

    private final Context<GuestRedemptionReset> context;
    private GuestRedemptionReset current;

    StatusWriter(GuestRedemptionReset resource, Context<GuestRedemptionReset> context) {
        this.current = resource;
        this.context = context;
    }

    /** @throws StatusConflict when the resource changed since it was read */
    void write(GuestRedemptionResetStatus status) {
        GuestRedemptionReset desired = new GuestRedemptionReset();
        desired.setMetadata(current.getMetadata());
        desired.setSpec(current.getSpec());
        desired.setStatus(status);
        try {
            GuestRedemptionReset written = context.getClient().resource(desired).updateStatus();
            context.eventSourceRetriever().getControllerEventSource()
                    .handleRecentResourceUpdate(ResourceID.fromResource(written), written, current);
            current = written;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new StatusConflict("status of " + ResourceID.fromResource(current) + " changed while reconciling");
            }
            throw e;
        }
    }
}
