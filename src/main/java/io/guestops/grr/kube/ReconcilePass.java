package io.guestops.grr.kube;

import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.ownership.ClaimRule;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.policy.GuestFacts;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.policy.PolicyCheck;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.spec.SpecProblem;
import io.guestops.grr.decision.spec.SpecValidator;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One pass over one resource, in the order that makes it safe, for the operator and for `plan`
 * alike: validate, adopt the claim's resolution, the policy rules that need no Graph fact, the
 * tenant connection, the unchanged-guest shortcut, the tenant's budget, observe, the policies on
 * what Graph showed, the claim, decide, the claim's gate, the reset limit, act. Every check that
 * can refuse runs before the first write. The effects ({@link PassEffects}) are the caller's: real
 * I/O for the operator, reads only for `plan`, so the two cannot take different paths.
 */
public final class ReconcilePass {

    private final ReconcileDecision decision;
    private final Outcomes outcomes;
    private final Clock clock;

    public ReconcilePass(DecisionSetup setup, Clock clock) {
        this.decision = setup.decision();
        this.outcomes = setup.outcomes();
        this.clock = clock;
    }

    /** Runs the pass; {@code pass} holds what it learned when it ends. */
    public <R> R run(PassContext pass, PassEffects<R> effects) {
        GuestRedemptionResetSpec spec = pass.resource().getSpec();
        List<SpecProblem> problems = SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            effects.releaseGuest(pass);
            return effects.endBeforeGraph(pass, outcomes.invalidSpec(problems));
        }
        adoptClaimedResolution(pass, effects);
        pass.guardrails(effects.guardrailsFor(pass.resource()));
        // The rules that need no Graph fact first: a namespace no policy covers never reaches Graph.
        if (PolicyCheck.admit(pass.guardrails(), spec, GuestFacts.UNREAD) instanceof Admission.Denied denied) {
            effects.releaseGuest(pass);
            pass.status().setAdmittedBy(null);
            return effects.endBeforeGraph(pass, outcomes.of(denied.asStall(), clock.instant()));
        }
        try {
            pass.graph(effects.gatewayFor(pass.resource()));
        } catch (GatewayProvider.ConnectionProblem problem) {
            return effects.endBeforeGraph(pass, outcomes.connectionProblem(problem.getMessage(), problem.isTemporary()));
        }
        Optional<R> unchanged = effects.endWithoutRead(pass);
        if (unchanged.isPresent()) {
            return unchanged.get();
        }
        return effects.inGraphBudget(pass, () -> inGraph(pass, effects));
    }

    /**
     * A resource without a resolution of its own (new, or re-created without status) takes the one
     * the guest's claim keeps, if any: the guest's object id and its mail before the operator changed
     * it. So a re-applied resource finds a guest by the mail its reset moved away, and policies judge
     * the guest as they did the first time.
     */
    private static <R> void adoptClaimedResolution(PassContext pass, PassEffects<R> effects) {
        if (pass.status().getUserId() != null) {
            return;
        }
        effects.claimedResolution(pass.resource().getSpec()).ifPresent(resolved -> {
            pass.status().setUserId(resolved.userId());
            pass.status().setPreviousEmail(resolved.previousEmail());
        });
    }

    /** The pass's Graph work: observe, judge, decide with the claim, act. */
    private <R> R inGraph(PassContext pass, PassEffects<R> effects) {
        GuestRedemptionResetSpec spec = pass.resource().getSpec();
        Observation observation = effects.observe(pass);
        pass.observed(observation, ResolvedGuest.of(observation, pass.status()));
        if (!(observation instanceof Observation.Found found)) {
            effects.releaseGuest(pass);
            return effects.act(pass, decision.decide(spec, observation, pass.status(), pass.self(), List.of(), clock.instant()));
        }
        Admission verdict = PolicyCheck.admit(pass.guardrails(), spec, GuestFacts.of(found, pass.status()));
        // Written with the first status write of the pass (the intent included), so the policy's
        // limit counts this resource's reset from the cache, even after a restart.
        pass.status().setAdmittedBy(verdict.policyName());
        return effects.exclusively(found.user().id(), () -> {
            pass.judged(effects.othersNaming(pass, found.user()), verdict);
            Step step = claimedStep(pass, effects, found);
            return effects.act(pass, effects.withinResetLimit(pass, step));
        });
    }

    /**
     * The decision, with the guest's claim read or taken where {@link ClaimRule} asks for it: before
     * a Graph write (the lock that holds across shards and replicas), or when the age rule sends this
     * resource behind another (it may hold the claim, which wins). No write leaves without the claim.
     * The claim carries the guest's reset ledger, so a step that would write is decided again with
     * it (and, when the Entra copy is on, with the request noted on the guest): a request the ledger
     * holds is adopted, never sent twice.
     */
    private <R> Step claimedStep(PassContext pass, PassEffects<R> effects, Observation.Found found) {
        String userId = found.user().id();
        GuestClaim known = effects.knownClaim(pass, userId);
        GuestClaim claim = known;
        Step step = decide(pass, found, claim);
        ClaimRule.Access access = ClaimRule.accessFor(step, claim);
        if (access != ClaimRule.Access.NONE) {
            claim = effects.accessClaim(pass, access, found.user());
        }
        if (step instanceof Step.IssueReset) {
            // Only before a reset: a PATCH of the addresses the spec asks is the same whichever cluster makes it.
            claim = effects.withEntraCopy(pass, claim);
        }
        if (claim != known) {
            step = decide(pass, found, claim);
        }
        pass.claim(claim);
        return ClaimRule.gate(step, claim, userId, DecisionSetup.API_SERVER_RETRY);
    }

    private Step decide(PassContext pass, Observation.Found found, GuestClaim claim) {
        return decision.decide(pass.resource().getSpec(), found, pass.status(), pass.self(), pass.others(), pass.admission(),
                claim, clock.instant());
    }

    /** The decision about the guest as {@code found} shows it, with {@code status}: for `plan`'s look past a PATCH. */
    public Step decideAfter(PassContext pass, Observation.Found found, GuestRedemptionResetStatus status) {
        return decision.decide(pass.resource().getSpec(), found, status, pass.self(), pass.others(), clock.instant());
    }
}
