package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;

/**
 * Records how a reconcile ended: conditions, observedGeneration, retry bookkeeping and the last
 * request id, all in one status write, skipped when nothing changed (a settled resource costs no
 * write at all). Also decides when JOSDK should call again.
 */
final class StatusRecorder {

    private final KubernetesSerialization serialization;
    private final ConfirmedResets confirmedResets;
    private final Clock clock;

    StatusRecorder(KubernetesSerialization serialization, ConfirmedResets confirmedResets, Clock clock) {
        this.serialization = serialization;
        this.confirmedResets = confirmedResets;
        this.clock = clock;
    }

    /**
     * A private copy of the resource's status for this reconcile to change, with any reset Graph
     * confirmed that an earlier pass could not record yet.
     */
    GuestRedemptionResetStatus draftOf(GuestRedemptionReset resource) {
        GuestRedemptionResetStatus status = resource.getStatus();
        GuestRedemptionResetStatus draft = status == null ? new GuestRedemptionResetStatus() : serialization.clone(status);
        confirmedResets.restoreInto(resource, draft);
        return draft;
    }

    UpdateControl<GuestRedemptionReset> record(GuestRedemptionReset resource, GuestRedemptionResetStatus draft,
                                                Verdict verdict, StatusWriter writer) {
        applyVerdict(resource, draft, verdict);
        if (!sameAsStored(resource.getStatus(), draft)) {
            writer.write(draft);
        }
        UpdateControl<GuestRedemptionReset> control = UpdateControl.noUpdate();
        return verdict.requeueAfter() == null ? control : control.rescheduleAfter(verdict.requeueAfter());
    }

    /** Conditions, observedGeneration, retry bookkeeping and request id of {@code verdict}, onto {@code draft}. */
    void applyVerdict(GuestRedemptionReset resource, GuestRedemptionResetStatus draft, Verdict verdict) {
        long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
        draft.setObservedGeneration(generation);
        if (verdict.requestId() != null) {
            draft.setLastGraphRequestId(verdict.requestId());
        }
        boolean waiting = verdict.phase() == Verdict.Phase.WAITING;
        draft.setConsecutiveFailures(waiting ? draft.getConsecutiveFailures() + 1 : 0);
        draft.setNextRetryAt(waiting && verdict.requeueAfter() != null ? clock.instant().plus(verdict.requeueAfter()).toString() : null);
        Conditions.apply(draft, verdict, resource.getSpec() == null ? null : resource.getSpec().getDesiredEmail(), generation,
                clock.instant());
    }

    private boolean sameAsStored(GuestRedemptionResetStatus stored, GuestRedemptionResetStatus draft) {
        return stored != null && Objects.equals(serialization.asJson(stored), serialization.asJson(draft));
    }
}
