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
final class StatusWriter implements StatusStore {

    /** The status write lost a race; the reconcile must start over from a fresh read. */
    static final class StatusConflict extends RuntimeException {
        StatusConflict(String message) {
            super(message);
        }
    }

    private static final int MERGE_ATTEMPTS = 3;

    private final Context<GuestRedemptionReset> context;
    private GuestRedemptionReset current;

    StatusWriter(GuestRedemptionReset resource, Context<GuestRedemptionReset> context) {
        this.current = resource;
        this.context = context;
    }

    /**
     * Records a reset Graph confirmed. Unlike {@link #write}, a lost race is not the end: the fact
     * is true whatever else changed, so it is merged into the latest version of the resource and
     * written again (a few times), rather than left for a later pass to infer from Graph's state.
     *
     * @throws KubernetesClientException when the API server keeps refusing
     */
    @Override
    public void writeRecording(GuestRedemptionResetStatus draft, java.util.function.Consumer<GuestRedemptionResetStatus> mergeInto) {
        try {
            write(draft);
            return;
        } catch (StatusConflict conflict) {
            // fall through to merging into the latest version
        }
        for (int attempt = 1; ; attempt++) {
            GuestRedemptionReset latest = context.getClient().resource(current).get();
            if (latest == null) {
                return;
            }
            current = latest;
            GuestRedemptionResetStatus merged = latest.getStatus() == null ? draft : latest.getStatus();
            mergeInto.accept(merged);
            try {
                write(merged);
                return;
            } catch (StatusConflict conflict) {
                if (attempt >= MERGE_ATTEMPTS) {
                    throw new KubernetesClientException("the status of " + ResourceID.fromResource(current)
                            + " kept changing while recording a confirmed reset", 409, null);
                }
            }
        }
    }

    /** @throws StatusConflict when the resource changed since it was read */
    @Override
    public void write(GuestRedemptionResetStatus status) {
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
