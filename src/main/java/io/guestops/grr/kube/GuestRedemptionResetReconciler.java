package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.ownership.ClaimRule;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.decision.outcome.GraphBudgetWaits;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.policy.GuestFacts;
import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.policy.PolicyCheck;
import io.guestops.grr.decision.policy.ResetLimit;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.BudgetPass;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.graph.gateway.GuestUser;
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
import java.util.function.Supplier;
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
    private static final Duration API_SERVER_RETRY = DecisionSetup.API_SERVER_RETRY;

    private final GatewayProvider gateways;
    private final ReconcilePass reconcilePass;
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

    GuestRedemptionResetReconciler(GatewayProvider gateways, DecisionSetup setup,
                                   StepExecutor executor, StatusRecorder recorder, EventRecorder events,
                                   RetrySchedule retrySchedule, Clock clock, Guardrailing guardrailing, DriftWatches driftWatches,
                                   GuestClaims claims, EntraLedgerCopy entraCopy) {
        this.gateways = gateways;
        this.outcomes = setup.outcomes();
        this.reconcilePass = new ReconcilePass(setup, clock);
        this.executor = executor;
        this.recorder = recorder;
        this.events = events;
        this.retrySchedule = retrySchedule;
        this.clock = clock;
        this.policies = guardrailing.policies();
        this.resetBudget = guardrailing.resetBudget();
        this.observer = new GuestObserver(guardrailing.verifiedDomains());
        this.driftWatches = driftWatches;
        this.unchangedGuests = new UnchangedGuestShortcut(driftWatches, setup.decision(), peers, clock, driftWatches.resync());
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
        } catch (CacheUnavailable stopping) {
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
        PassContext pass = new PassContext(resource, draft, GuestPeers.peerOf(resource));
        return reconcilePass.run(pass, new ClusterEffects(writer, context));
    }

    /**
     * The operator's effects: the cluster and Graph for real. One per pass (it carries the pass's
     * status writer and JOSDK context).
     */
    private final class ClusterEffects implements PassEffects<UpdateControl<GuestRedemptionReset>> {

        private final StatusWriter writer;
        private final Context<GuestRedemptionReset> context;

        ClusterEffects(StatusWriter writer, Context<GuestRedemptionReset> context) {
            this.writer = writer;
            this.context = context;
        }

        @Override
        public Optional<ResolvedGuest> claimedResolution(GuestRedemptionResetSpec spec) {
            return claims.resolutionFor(spec);
        }

        @Override
        public Guardrails guardrailsFor(GuestRedemptionReset resource) {
            return policies.guardrailsFor(resource);
        }

        @Override
        public GraphGateway gatewayFor(GuestRedemptionReset resource) throws GatewayProvider.ConnectionProblem {
            return gateways.gatewayFor(resource, connectionSecrets);
        }

        /** A settled resource whose guest the drift watch saw unchanged needs no Graph call at all. */
        @Override
        public Optional<UpdateControl<GuestRedemptionReset>> endWithoutRead(PassContext pass) {
            return unchangedGuests.tryEnd(pass.resource(), pass.graph(), pass.guardrails(), context.getPrimaryCache());
        }

        /** Never waits for the tenant's budget on this thread: a pass without room comes back later. */
        @Override
        public UpdateControl<GuestRedemptionReset> inGraphBudget(PassContext pass,
                                                                 Supplier<UpdateControl<GuestRedemptionReset>> graphWork) {
            long generation = ResourceNames.generationOf(pass.resource());
            try (BudgetPass budgetPass = pass.graph().budget().enter(GraphBudgetWaits.mayWrite(pass.status(), generation))) {
                if (!budgetPass.isAdmitted()) {
                    return waitForBudget(pass, budgetPass.waitFor(), generation);
                }
                return graphWork.get();
            }
        }

        private UpdateControl<GuestRedemptionReset> waitForBudget(PassContext pass, Duration wait, long generation) {
            return GraphBudgetWaits.waiting(wait, pass.status(), generation)
                    .map(outcome -> recorder.record(pass.resource(), pass.status(), outcome, ResolvedGuest.UNKNOWN_GUEST, writer))
                    .orElseGet(() -> UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(wait));
        }

        /** The read, kept by the drift watch while it has no view of the guest. */
        @Override
        public Observation observe(PassContext pass) {
            long ticket = unchangedGuests.ticket(pass.resource(), pass.graph());
            Observation observation = observeResolved(pass.resource(), pass.status(), pass.graph(), pass.guardrails());
            unchangedGuests.remember(pass.graph(), observation, ticket);
            return observation;
        }

        @Override
        public List<Peer> othersNaming(PassContext pass, GuestUser user) {
            return peers.claimAndList(pass.resource(), user, context.getPrimaryCache(), peers.everyShard());
        }

        @Override
        public UpdateControl<GuestRedemptionReset> exclusively(String userId, Supplier<UpdateControl<GuestRedemptionReset>> work) {
            return peers.exclusively(userId, work::get);
        }

        @Override
        public void releaseGuest(PassContext pass) {
            peers.release(pass.resource());
        }

        @Override
        public GuestClaim knownClaim(PassContext pass, String userId) {
            return claims.remembered(pass.resource(), userId);
        }

        @Override
        public GuestClaim accessClaim(PassContext pass, ClaimRule.Access access, GuestUser user) {
            return access == ClaimRule.Access.TAKE ? claims.take(pass.resource(), user, pass.guest())
                    : claims.read(pass.resource(), user);
        }

        @Override
        public GuestClaim withEntraCopy(PassContext pass, GuestClaim claim) {
            return entraCopy.readInto(claim, pass.graph(), pass.guest().userId(), pass.resource().getSpec());
        }

        /**
         * A reset the admitting policy's blast-radius limit has no room for waits instead, and so does
         * the PATCH of the addresses that prepares it (it is part of that reset: a bad commit of N
         * resources must not rewrite N guests' addresses while their resets wait). The room is reserved
         * before the first write of the pass, under the budget's lock, so concurrent passes cannot overrun it.
         */
        @Override
        public Step withinResetLimit(PassContext pass, Step step) {
            boolean preparesReset = step instanceof Step.IssueReset
                    || step instanceof Step.UpdateEmails update && update.preparesReset();
            if (!preparesReset || !(pass.admission() instanceof Admission.Admitted admitted)) {
                return step;
            }
            Instant now = clock.instant();
            // Counted over every shard: a policy's limit is one budget, whichever operator spends it.
            return resetBudget.reserve(admitted, pass.resource(), peers.everyShard().list(), now)
                    .<Step>map(continuesAt -> ResetLimit.hold(admitted.policy(), admitted.maxResetsPerHour(), resetBudget.window(),
                            continuesAt, now))
                    .orElse(step);
        }

        @Override
        public UpdateControl<GuestRedemptionReset> endBeforeGraph(PassContext pass, Outcome outcome) {
            return recorder.record(pass.resource(), pass.status(), outcome, ResolvedGuest.UNKNOWN_GUEST, writer);
        }

        @Override
        public UpdateControl<GuestRedemptionReset> act(PassContext pass, Step step) {
            LOG.debug("{}: {}", ResourceNames.of(pass.resource()), step);
            Outcome outcome = executor.execute(step, new StepExecutor.Target(pass.resource(), pass.graph(), pass.status(),
                    pass.guest(), writer, pass.claim()));
            return recorder.record(pass.resource(), pass.status(), outcome, pass.guest(), writer);
        }
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
