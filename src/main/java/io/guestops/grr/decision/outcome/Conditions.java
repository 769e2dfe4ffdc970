package io.guestops.grr.decision.outcome;

import io.guestops.grr.decision.ownership.ResetLedger;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.ResetRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds every condition in one place, with the meaning kstatus (Flux) and Argo CD read:
 * Reconciling=True is in progress, Stalled=True is failed, otherwise Ready decides.
 */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    public static final String EMAIL_SYNCED = "EmailSynced";
    public static final String REDEMPTION_RESET = "RedemptionReset";

    private Conditions() {
    }

    /** Replaces the conditions of {@code status}, keeping lastTransitionTime where a status did not flip. */
    static void apply(GuestRedemptionResetStatus status, Outcome outcome, String desiredEmail, String resetRequest, long generation,
                      Instant now) {
        List<Condition> previous = status.getConditions() == null ? List.of() : status.getConditions();
        List<Condition> next = new ArrayList<>();
        Outcome.Phase phase = outcome.phase();
        next.add(condition(READY, phase == Outcome.Phase.READY, outcome.reason(), outcome.message()));
        boolean reconciling = phase == Outcome.Phase.PROGRESSING || phase == Outcome.Phase.WAITING;
        next.add(condition(RECONCILING, reconciling, reconciling ? outcome.reason() : "NotReconciling",
                reconciling ? outcome.message() : "No work in progress."));
        boolean stalled = phase == Outcome.Phase.STALLED;
        next.add(condition(STALLED, stalled, stalled ? outcome.reason() : "NotStalled",
                stalled ? outcome.message() : "Nothing blocks the operator."));
        next.add(emailSynced(outcome.emailsSynced()));
        next.add(redemptionReset(status, desiredEmail, resetRequest));
        String time = now.toString();
        for (Condition condition : next) {
            condition.setObservedGeneration(generation);
            Condition old = previous.stream().filter(c -> condition.getType().equals(c.getType())).findFirst().orElse(null);
            boolean unchanged = old != null && Objects.equals(old.getStatus(), condition.getStatus());
            condition.setLastTransitionTime(unchanged && old.getLastTransitionTime() != null ? old.getLastTransitionTime() : time);
        }
        status.setConditions(next);
    }

    private static Condition emailSynced(Boolean synced) {
        if (synced == null) {
            return new ConditionBuilder().withType(EMAIL_SYNCED).withStatus("Unknown").withReason("NotChecked")
                    .withMessage("The guest's addresses were not compared in this pass.").build();
        }
        return synced
                ? condition(EMAIL_SYNCED, true, Reasons.EMAILS_SYNCED, "mail and otherMails in Entra ID match the spec.")
                : condition(EMAIL_SYNCED, false, Reasons.EMAILS_DIFFER, "mail or otherMails in Entra ID differ from the spec.");
    }

    private static Condition redemptionReset(GuestRedemptionResetStatus status, String desiredEmail, String resetRequest) {
        ResetRecord reset = status.getReset();
        if (ResetLedger.covers(reset, status.getUserId(), desiredEmail, resetRequest)) {
            return condition(REDEMPTION_RESET, true, Reasons.RESET_DONE, "Redemption reset to " + reset.getEmail() + " at "
                    + reset.getIssuedAt() + provenance(reset) + "." + RedeemLinkNotes.about(reset));
        }
        if (status.getPendingReset() != null) {
            return condition(REDEMPTION_RESET, false, Reasons.RESET_PENDING,
                    "A reset to " + status.getPendingReset().getEmail() + " was sent; its outcome is being confirmed.");
        }
        return condition(REDEMPTION_RESET, false, Reasons.RESET_NOT_DONE, "No reset to " + desiredEmail + " yet.");
    }

    /** Where the record came from: Graph's answer, the user's state, or an earlier resource's reset in the ledger. */
    private static String provenance(ResetRecord reset) {
        String request = reset.requestName().isEmpty() ? "" : " for request " + reset.getRequest();
        String by = reset.getIssuedBy() == null ? "" : " by " + reset.getIssuedBy();
        String invitation = reset.getInvitationId() == null ? "" : "invitation " + reset.getInvitationId() + ", ";
        String confirmed = switch (reset.getConfirmedBy() == null ? "" : reset.getConfirmedBy()) {
            case ConfirmedBy.CLUSTER_LEDGER -> "adopted from the reset ledger on the guest's claim; nothing was sent again";
            case ConfirmedBy.ENTRA_LEDGER -> "adopted from the request noted on the guest in Entra ID; nothing was sent again";
            case ConfirmedBy.USER_STATE -> "confirmed from the user's state";
            default -> "confirmed by Graph's answer";
        };
        return request + by + " (" + invitation + confirmed + ")";
    }

    private static Condition condition(String type, boolean value, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(value ? "True" : "False").withReason(reason)
                .withMessage(message).build();
    }
}
