package io.guestops.grr.decision;

import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.Preflight;
import io.guestops.grr.decision.outcome.Conditions;
import io.guestops.grr.decision.ownership.ResetLedger;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.policy.GuestFacts;
import io.guestops.grr.decision.policy.PolicyCheck;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When a settled resource may trust what Graph's delta query last showed of its guest instead of
 * reading the guest again: the rule that makes drift checks cost O(changes). The watch that keeps
 * that view is I/O and lives in {@code kube}; the rule is here, so it is the decision's own rules
 * that judge the watched user, never a second copy of them.
 */
public final class DriftCheck {

    private DriftCheck() {
    }

    /**
     * Ready for the current generation with its reset recorded for the desired email, no reset
     * pending and no retry scheduled: the only state whose next pass, with an unchanged guest, ends
     * in {@link Step.Settled} and writes nothing. Stalled resources keep their own rechecks.
     */
    public static boolean settledForGeneration(GuestRedemptionResetSpec spec, Long generation, GuestRedemptionResetStatus status) {
        return status != null && spec != null && generation != null && generation.equals(status.getObservedGeneration())
                && status.conditionIsTrue(Conditions.READY) && status.getPendingReset() == null && status.getNextRetryAt() == null
                && ResetLedger.covers(status.getReset(), status.getUserId(), spec);
    }

    /** What the skip is judged on; {@code watched} is the guest as the delta watch last saw it, or null. */
    public record Inputs(GuestRedemptionResetSpec spec, Long generation, GuestRedemptionResetStatus status, GuestUser watched,
                         Peer self, List<Peer> others, Guardrails guardrails, Instant now) {}

    /**
     * True when the pass may end without reading Graph: the resource is {@link #settledForGeneration
     * settled}, the watch has seen its guest (the same object id), the decision asks no further read
     * of it, and deciding on the watched guest ends {@link Step.Settled}: mail and otherMails as
     * planned, still the owner, still admitted. Anything else (a drifted address, a peer that may
     * own the guest, a policy that needs a Graph fact) takes the full pass.
     */
    public static boolean maySkipRead(ReconcileDecision decision, Inputs in) {
        if (!settledForGeneration(in.spec(), in.generation(), in.status()) || in.watched() == null
                || !in.watched().id().equalsIgnoreCase(in.status().getUserId())) {
            return false;
        }
        Preflight reads = ReconcileDecision.preflight(in.spec(), in.watched(), in.status(), in.guardrails());
        if (reads.directoryRoles() || !reads.addresses().isEmpty() || !reads.groupIds().isEmpty() || reads.verifiedDomains()) {
            return false;
        }
        Observation.Found found = new Observation.Found(in.watched());
        Admission admission = PolicyCheck.admit(in.guardrails(), in.spec(), GuestFacts.of(found, in.status()));
        if (!Objects.equals(admission.policyName(), in.status().getAdmittedBy())) {
            return false; // the full pass records the policy that admits it now
        }
        Step step = decision.decide(in.spec(), found, in.status(), in.self(), in.others(), admission, in.now());
        return step instanceof Step.Settled;
    }
}
