package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.decision.Admission;
import io.guestops.grr.decision.ClaimRule;
import io.guestops.grr.decision.EventNote;
import io.guestops.grr.decision.GraphBudgetWaits;
import io.guestops.grr.decision.Guardrails;
import io.guestops.grr.decision.GuestClaim;
import io.guestops.grr.decision.GuestFacts;
import io.guestops.grr.decision.Observation;
import io.guestops.grr.decision.Outcome;
import io.guestops.grr.decision.Outcomes;
import io.guestops.grr.decision.Peer;
import io.guestops.grr.decision.PolicyCheck;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.ResetLimit;
import io.guestops.grr.decision.ResolvedGuest;
import io.guestops.grr.decision.SpecProblem;
import io.guestops.grr.decision.SpecValidator;
import io.guestops.grr.decision.Step;
import io.guestops.grr.graph.BudgetPass;
import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.graph.GraphResult;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: observe the guest in Graph, decide the next step, act, record status. Each part
 * lives in its own class; this one only wires them in order. Deleting a resource changes nothing in
 * Entra ID, so there is no finalizer and no cleanup.
 */
@ControllerConfiguration(name = GuestRedemptionResetReconciler.NAME)
public final class GuestRedemptionResetReconciler implements Reconciler<GuestRedemptionReset> {

    public static final String NAME = "guestredemptionreset";
    private static final Logger LOG = LoggerFactory.getLogger(GuestRedemptionResetReconciler.class);
    private static final Duration CONFLICT_RETRY = Duration.ofMillis(500);
    private static final Duration API_SERVER_RETRY = Duration.ofSeconds(2);

    private final GatewayProvider gateways;
    private final ReconcileDecision decision;
    private final Outcomes outcomes;
    private final StepExecutor executor;
    private final StatusRecorder recorder;
    private final GuestObserver observer;
    private final GuestPeers peers = new GuestPeers();
    private final ConnectionSecrets connectionSecrets = new ConnectionSecrets();
    private final GuestPolicies policies;
    private final ResetBudget resetBudget;
    private final Clock clock;
    private final EventRecorder events;
    private final RetrySchedule retrySchedule;
    private final DriftWatches driftWatches;
    private final UnchangedGuestShortcut unchangedGuests;
    private final GuestClaims claims;
    private final EntraLedgerCopy entraCopy;

    GuestRedemptionResetReconciler(GatewayProvider gateways, ReconcileDecision decision, Outcomes outcomes,
                                   StepExecutor executor, StatusRecorder recorder, EventRecorder events,
                                   RetrySchedule retrySchedule, Clock clock, Guardrailing guardrailing, DriftWatches driftWatches,
                                   GuestClaims claims, EntraLedgerCopy entraCopy) {
        this.gateways = gateways;
        this.decision = decision;
        this.outcomes = outcomes;
        this.executor = executor;
        this.recorder = recorder;
        this.events = events;
        this.retrySchedule = retrySchedule;
        this.clock = clock;
        this.policies = guardrailing.policies();
        this.resetBudget = guardrailing.resetBudget();
        this.observer = new GuestObserver(guardrailing.verifiedDomains());
        this.driftWatches = driftWatches;
        this.unchangedGuests = new UnchangedGuestShortcut(driftWatches, decision, peers, clock, driftWatches.resync());
        this.claims = claims;
        this.entraCopy = entraCopy;
    }

    /** The policy side of the reconciler: which policies apply, their reset budgets, and the cached domain reads. */
    record Guardrailing(GuestPolicies policies, ResetBudget resetBudget, VerifiedDomains verifiedDomains) {}

    /**
     * Every resource of every shard, indexed by the guest each names: a change or deletion of one
     * wakes this shard's others naming the same guest (one of them may now own it). The cache is
     * also indexed by the connection Secret each resource names, and a created, changed or deleted
     * Secret wakes exactly the resources naming it.
     */
    @Override
    public List<EventSource<?, GuestRedemptionReset>> prepareEventSources(EventSourceContext<GuestRedemptionReset> context) {
        List<EventSource<?, GuestRedemptionReset>> sources = new ArrayList<>();
        sources.add(peers.eventSource(context));
        sources.add(connectionSecrets.eventSource(context));
        sources.addAll(policies.eventSources(context));
        driftWatches.use(context.getPrimaryCache());
        sources.add(driftWatches);
        return sources;
    }

    @Override
    public UpdateControl<GuestRedemptionReset> reconcile(GuestRedemptionReset resource, Context<GuestRedemptionReset> context) {
        GuestRedemptionResetStatus draft = recorder.draftOf(resource);
        StatusWriter writer = new StatusWriter(resource, context);
        try {
            return pass(resource, draft, writer, context);
        } catch (StatusWriter.StatusConflict conflict) {
            LOG.debug("{}; reconciling again", conflict.getMessage());
            return UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(CONFLICT_RETRY);
        } catch (GraphWriteFence.Closed fenced) {
            LOG.info("{}: {} Reconciling again in {}", ResourceNames.of(resource), fenced.getMessage(), API_SERVER_RETRY);
            return UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(API_SERVER_RETRY);
        } catch (GuestPeers.CacheUnavailable stopping) {
            LOG.debug("{}; nothing written, reconciling again later", stopping.getMessage());
            return UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(API_SERVER_RETRY);
        } catch (KubernetesClientException unreachable) {
            // The API server refused or could not be reached: nothing after the failed write was
            // done, and a pending reset stays recorded for the next pass to settle from Graph.
            LOG.warn("Could not write the status of {} (HTTP {}): {}; trying again in {}", ResourceNames.of(resource),
                    unreachable.getCode(), unreachable.getMessage(), API_SERVER_RETRY);
            return UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(API_SERVER_RETRY);
        }
    }

    private UpdateControl<GuestRedemptionReset> pass(GuestRedemptionReset resource, GuestRedemptionResetStatus draft,
                                                      StatusWriter writer, Context<GuestRedemptionReset> context) {
        List<SpecProblem> problems = SpecValidator.validate(resource.getSpec());
        if (!problems.isEmpty()) {
            peers.release(resource);
            return recorder.record(resource, draft, outcomes.invalidSpec(problems), ResolvedGuest.UNKNOWN_GUEST, writer);
        }
        adoptResolution(resource, draft);
        Guardrails guardrails = policies.guardrailsFor(resource);
        // The rules that need no Graph fact first: a namespace no policy covers never reaches Graph.
        if (PolicyCheck.admit(guardrails, resource.getSpec(), GuestFacts.UNREAD) instanceof Admission.Denied denied) {
            peers.release(resource);
            draft.setAdmittedBy(null);
            return recorder.record(resource, draft, outcomes.of(denied.asStall(), clock.instant()), ResolvedGuest.UNKNOWN_GUEST,
                    writer);
        }
        GraphGateway graph;
        try {
            graph = gateways.gatewayFor(resource, connectionSecrets);
        } catch (GatewayProvider.ConnectionProblem problem) {
            return recorder.record(resource, draft, outcomes.connectionProblem(problem.getMessage(), problem.isTemporary()),
                    ResolvedGuest.UNKNOWN_GUEST, writer);
        }
        // A settled resource whose guest the drift watch saw unchanged needs no Graph call at all.
        Optional<UpdateControl<GuestRedemptionReset>> unchanged = unchangedGuests.tryEnd(resource, graph, guardrails,
                context.getPrimaryCache());
        if (unchanged.isPresent()) {
            return unchanged.get();
        }
        long generation = ResourceNames.generationOf(resource);
        // Never wait for the tenant's budget on this thread: a pass without room comes back later.
        try (BudgetPass budgetPass = graph.budget().enter(GraphBudgetWaits.mayWrite(draft, generation))) {
            if (!budgetPass.isAdmitted()) {
                return waitForBudget(resource, draft, writer, budgetPass.waitFor(), generation);
            }
            return inGraph(resource, draft, writer, context, graph, guardrails);
        }
    }

    /**
     * A resource without a resolution of its own (new, or re-created without status) takes the one
     * the guest's claim keeps, if any: the guest's object id and its mail before the operator changed
     * it. So a re-applied resource finds a guest by the mail its reset moved away, and policies judge
     * the guest as they did the first time. Written with the pass's first status write.
     */
    private void adoptResolution(GuestRedemptionReset resource, GuestRedemptionResetStatus draft) {
        if (draft.getUserId() != null) {
            return;
        }
        claims.resolutionFor(resource.getSpec()).ifPresent(resolved -> {
            draft.setUserId(resolved.userId());
            draft.setPreviousEmail(resolved.previousEmail());
        });
    }

    /**
     * The guest as Graph shows it, resolved as the first cluster resolved it. A resource with no
     * resolution of its own nor from a claim (a cluster rebuilt from Git) takes the Entra copy's
     * when the lack of one can mislead: the guest is not found by a {@code guest.email} its reset
     * moved away, or a policy refuses it by the mail the reset gave it.
     */
    private Observation observeResolved(GuestRedemptionReset resource, GuestRedemptionResetStatus draft, GraphGateway graph,
                                        Guardrails guardrails) {
        Observation observation = observer.observe(graph, resource.getSpec(), draft, guardrails);
        if (draft.getUserId() != null || !entraCopy.enabled()) {
            return observation;
        }
        boolean mayMislead = observation instanceof Observation.Missing || observation instanceof Observation.Found found
                && PolicyCheck.admit(guardrails, resource.getSpec(), GuestFacts.of(found, draft)) instanceof Admission.Denied;
        return mayMislead ? withNotedResolution(resource, draft, graph, guardrails, observation) : observation;
    }

    /**
     * The observation again with the Entra copy's resolution, for a resource that has none of its own
     * nor from a claim (a cluster rebuilt from Git): asked only when the guest cannot be found or a
     * policy refuses it, the two outcomes a missing resolution can cause. Unreadable when the notes
     * could not be read (the pass waits and asks again); {@code observation} unchanged when nothing
     * is noted for this request.
     */
    private Observation withNotedResolution(GuestRedemptionReset resource, GuestRedemptionResetStatus draft, GraphGateway graph,
                                            Guardrails guardrails, Observation observation) {
        GraphResult<Optional<ResolvedGuest>> noted = entraCopy.notedResolution(graph, resource.getSpec());
        if (!noted.isSuccess()) {
            return new Observation.Unreadable(noted.failure(), "reading the reset requests noted on the guest in Entra ID");
        }
        if (noted.value().isEmpty()) {
            return observation;
        }
        draft.setUserId(noted.value().get().userId());
        draft.setPreviousEmail(noted.value().get().previousEmail());
        return observer.observe(graph, resource.getSpec(), draft, guardrails);
    }

    private UpdateControl<GuestRedemptionReset> waitForBudget(GuestRedemptionReset resource, GuestRedemptionResetStatus draft,
                                                              StatusWriter writer, Duration wait, long generation) {
        return GraphBudgetWaits.waiting(wait, draft, generation)
                .map(outcome -> recorder.record(resource, draft, outcome, ResolvedGuest.UNKNOWN_GUEST, writer))
                .orElseGet(() -> UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(wait));
    }

    /** The pass's Graph work, inside the tenant's budget: observe, decide, act. */
    private UpdateControl<GuestRedemptionReset> inGraph(GuestRedemptionReset resource, GuestRedemptionResetStatus draft,
                                                        StatusWriter writer, Context<GuestRedemptionReset> context,
                                                        GraphGateway graph, Guardrails guardrails) {
        long ticket = unchangedGuests.ticket(resource, graph);
        Observation observation = observeResolved(resource, draft, graph, guardrails);
        unchangedGuests.remember(graph, observation, ticket);
        ResolvedGuest guest = ReconcileDecision.resolve(observation, draft);
        Peer self = GuestPeers.peerOf(resource);
        if (!(observation instanceof Observation.Found found)) {
            peers.release(resource);
            Step step = decision.decide(resource.getSpec(), observation, draft, self, List.of(), clock.instant());
            return act(resource, draft, writer, graph, guest, step);
        }
        Admission verdict = PolicyCheck.admit(guardrails, resource.getSpec(), GuestFacts.of(found, draft));
        // Written with the first status write of the pass (the intent included), so the policy's
        // limit counts this resource's reset from the cache, even after a restart.
        draft.setAdmittedBy(verdict.policyName());
        return peers.exclusively(found.user().id(), () -> {
            List<Peer> others = peers.claimAndList(resource, found.user(), context.getPrimaryCache(), peers.everyShard());
            Claimed claimed = claimedStep(resource, graph, found, guest, draft, self, others, verdict);
            return act(resource, draft, writer, graph, guest, withinResetLimit(claimed.step(), verdict, resource),
                    claimed.claim());
        });
    }

    /** The pass's step, and the guest's claim (with its reset ledger) as the step was decided on. */
    private record Claimed(Step step, GuestClaim claim) {}

    /**
     * The decision, with the guest's claim read or taken where {@link ClaimRule} asks for it: before
     * a Graph write (the lock that holds across shards and replicas), or when the age rule sends this
     * resource behind another (it may hold the claim, which wins). No write leaves without the claim.
     * The claim carries the guest's reset ledger, so a step that would write is decided again with
     * it (and, when the Entra copy is on, with the request noted on the guest): a request the ledger
     * holds is adopted, never sent twice.
     */
    private Claimed claimedStep(GuestRedemptionReset resource, GraphGateway graph, Observation.Found found, ResolvedGuest guest,
                                GuestRedemptionResetStatus draft, Peer self, List<Peer> others, Admission admission) {
        GuestClaim known = claims.remembered(resource, found.user().id());
        GuestClaim claim = known;
        Step step = decision.decide(resource.getSpec(), found, draft, self, others, admission, claim, clock.instant());
        ClaimRule.Access access = ClaimRule.accessFor(step, claim);
        if (access != ClaimRule.Access.NONE) {
            claim = access == ClaimRule.Access.TAKE ? claims.take(resource, found.user(), guest) : claims.read(resource, found.user());
        }
        if (step instanceof Step.IssueReset) {
            // Only before a reset: a PATCH of the addresses the spec asks is the same whichever cluster makes it.
            claim = entraCopy.readInto(claim, graph, found.user().id(), resource.getSpec());
        }
        if (claim != known) {
            step = decision.decide(resource.getSpec(), found, draft, self, others, admission, claim, clock.instant());
        }
        return new Claimed(ClaimRule.gate(step, claim, found.user().id(), API_SERVER_RETRY), claim);
    }

    /**
     * A reset the admitting policy's blast-radius limit has no room for waits instead, and so does
     * the PATCH of the addresses that prepares it (it is part of that reset: a bad commit of N
     * resources must not rewrite N guests' addresses while their resets wait). The room is reserved
     * before the first write of the pass, under the budget's lock, so concurrent passes cannot overrun it.
     */
    private Step withinResetLimit(Step step, Admission admission, GuestRedemptionReset resource) {
        boolean preparesReset = step instanceof Step.IssueReset
                || step instanceof Step.UpdateEmails update && update.preparesReset();
        if (!preparesReset || !(admission instanceof Admission.Admitted admitted)) {
            return step;
        }
        Instant now = clock.instant();
        // Counted over every shard: a policy's limit is one budget, whichever operator spends it.
        return resetBudget.reserve(admitted, resource, peers.everyShard().list(), now)
                .<Step>map(continuesAt -> ResetLimit.hold(admitted.policy(), admitted.maxResetsPerHour(), resetBudget.window(),
                        continuesAt, now))
                .orElse(step);
    }

    private UpdateControl<GuestRedemptionReset> act(GuestRedemptionReset resource, GuestRedemptionResetStatus draft,
                                                     StatusWriter writer, GraphGateway graph, ResolvedGuest guest, Step step) {
        return act(resource, draft, writer, graph, guest, step, GuestClaim.UNREAD);
    }

    private UpdateControl<GuestRedemptionReset> act(GuestRedemptionReset resource, GuestRedemptionResetStatus draft,
                                                     StatusWriter writer, GraphGateway graph, ResolvedGuest guest, Step step,
                                                     GuestClaim claim) {
        LOG.debug("{}: {}", ResourceNames.of(resource), step);
        Outcome outcome = executor.execute(step, new StepExecutor.Target(resource, graph, draft, guest, writer, claim));
        return recorder.record(resource, draft, outcome, guest, writer);
    }

    /**
     * A failure nobody foresaw still ends in a truthful condition: JOSDK retries it for as long as
     * it lasts (capped backoff, no attempt limit), and the condition says when the next try is.
     */
    @Override
    public ErrorStatusUpdateControl<GuestRedemptionReset> updateErrorStatus(GuestRedemptionReset resource,
                                                                           Context<GuestRedemptionReset> context, Exception e) {
        int attempt = context.getRetryInfo().map(info -> info.getAttemptCount()).orElse(1);
        LOG.warn("Reconciling {} failed unexpectedly (attempt {})", ResourceNames.of(resource), attempt, e);
        GuestRedemptionResetStatus draft = recorder.draftOf(resource);
        Outcome outcome = outcomes.unexpectedFailure(attempt, retrySchedule.delayAfter(attempt), clock.instant());
        recorder.apply(resource, draft, outcome, ResolvedGuest.UNKNOWN_GUEST);
        events.record(resource, new EventNote(true, outcome.reason(), "An unexpected error stopped reconciling; the operator "
                + "keeps trying with backoff. The operator log has the details."));
        GuestRedemptionReset patched = new GuestRedemptionReset();
        patched.setMetadata(resource.getMetadata());
        patched.setSpec(resource.getSpec());
        patched.setStatus(draft);
        return ErrorStatusUpdateControl.patchStatus(patched);
    }
}
