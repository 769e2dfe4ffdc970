package io.guestops.grr.kube;

import io.guestops.grr.decision.step.ConfirmedBy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.decision.outcome.NextStatus;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a pass ended, in one status write that is skipped when nothing changed (a settled
 * resource costs no write at all), leaves the pass's Events, and tells JOSDK when to call again.
 */
final class StatusRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

    private final KubernetesSerialization serialization;
    private final ConfirmedResets confirmedResets;
    private final EventRecorder events;
    private final Clock clock;
    private final ReconcileListener listener;

    StatusRecorder(KubernetesSerialization serialization, ConfirmedResets confirmedResets, EventRecorder events, Clock clock,
                   ReconcileListener listener) {
        this.serialization = serialization;
        this.confirmedResets = confirmedResets;
        this.events = events;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * A private copy of the resource's status for this pass to change, with any reset Graph
     * confirmed that an earlier pass could not record yet.
     */
    GuestRedemptionResetStatus draftOf(GuestRedemptionReset resource) {
        GuestRedemptionResetStatus status = resource.getStatus();
        GuestRedemptionResetStatus draft = status == null ? new GuestRedemptionResetStatus() : serialization.clone(status);
        confirmedResets.restoreInto(resource, draft);
        return draft;
    }

    UpdateControl<GuestRedemptionReset> record(GuestRedemptionReset resource, GuestRedemptionResetStatus draft,
                                                Outcome outcome, ResolvedGuest guest, StatusStore writer) {
        List<EventNote> notes = apply(resource, draft, outcome, guest);
        notes.forEach(note -> events.record(resource, note));
        logOutcome(resource, outcome);
        listener.outcomeRecorded(outcome);
        if (!sameAsStored(resource.getStatus(), draft)) {
            write(resource, draft, outcome, guest, writer);
        }
        UpdateControl<GuestRedemptionReset> control = UpdateControl.noUpdate();
        return outcome.requeueAfter() == null ? control : control.rescheduleAfter(outcome.requeueAfter());
    }

    /** The outcome onto {@code draft}; returns the Events it leaves. */
    List<EventNote> apply(GuestRedemptionReset resource, GuestRedemptionResetStatus draft, Outcome outcome, ResolvedGuest guest) {
        String desiredEmail = resource.getSpec() == null ? null : resource.getSpec().getDesiredEmail();
        String resetRequest = resource.getSpec() == null ? "" : resource.getSpec().resetRequestName();
        return NextStatus.apply(draft, outcome, guest, desiredEmail, resetRequest, ResourceNames.generationOf(resource),
                clock.instant());
    }

    private void write(GuestRedemptionReset resource, GuestRedemptionResetStatus draft, Outcome outcome, ResolvedGuest guest,
                       StatusStore writer) {
        boolean answeredReset = outcome.recordedReset() != null
                && ConfirmedBy.GRAPH_RESPONSE.equals(outcome.recordedReset().getConfirmedBy());
        if (!answeredReset) {
            writer.write(draft);
            return;
        }
        try {
            writer.writeRecording(draft, latest -> {
                NextStatus.mergeConfirmedReset(latest, outcome.recordedReset());
                apply(resource, latest, outcome, guest);
            });
        } catch (KubernetesClientException e) {
            // Graph's clear answer must not be downgraded to an inference from the user's state.
            confirmedResets.remember(resource, outcome.recordedReset());
            throw e;
        }
    }

    private static void logOutcome(GuestRedemptionReset resource, Outcome outcome) {
        if (outcome.phase() == Outcome.Phase.READY && outcome.events().isEmpty()) {
            LOG.debug("{}: {} ({})", ResourceNames.of(resource), outcome.phase(), outcome.reason());
        } else {
            LOG.info("{}: {} {}: {}", ResourceNames.of(resource), outcome.phase(), outcome.reason(), outcome.message());
        }
    }

    private boolean sameAsStored(GuestRedemptionResetStatus stored, GuestRedemptionResetStatus draft) {
        return stored != null && Objects.equals(serialization.asJson(stored), serialization.asJson(draft));
    }
}
