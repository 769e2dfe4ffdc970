package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.decision.Decision;
import io.guestops.grr.decision.Observation;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.decision.Reasons;
import io.guestops.grr.decision.SpecProblem;
import io.guestops.grr.decision.SpecValidator;
import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: observe the guest in Graph, decide the next action, act, record status. Each step
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
    private final ActionExecutor executor;
    private final StatusRecorder recorder;
    private final GuestObserver observer = new GuestObserver();
    private final Clock clock;
    private final Duration stalledRecheck;

    GuestRedemptionResetReconciler(GatewayProvider gateways, ReconcileDecision decision, ActionExecutor executor,
                                   StatusRecorder recorder, OperatorSettings settings) {
        this.gateways = gateways;
        this.decision = decision;
        this.executor = executor;
        this.recorder = recorder;
        this.clock = settings.clock();
        this.stalledRecheck = settings.stalledRecheck();
    }

    @Override
    public UpdateControl<GuestRedemptionReset> reconcile(GuestRedemptionReset resource, Context<GuestRedemptionReset> context) {
        GuestRedemptionResetStatus draft = recorder.draftOf(resource);
        StatusWriter writer = new StatusWriter(resource, context);
        try {
            Verdict verdict = decideAndAct(resource, draft, writer);
            return recorder.record(resource, draft, verdict, writer);
        } catch (StatusWriter.StatusConflict conflict) {
            LOG.debug("{}; reconciling again", conflict.getMessage());
            return UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(CONFLICT_RETRY);
        } catch (KubernetesClientException unreachable) {
            // The API server refused or could not be reached: nothing after the failed write was
            // done, and a pending reset stays recorded for the next pass to settle from Graph.
            LOG.warn("Could not write the status of {}/{} (HTTP {}): {}; trying again in {}", resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), unreachable.getCode(), unreachable.getMessage(), API_SERVER_RETRY);
            return UpdateControl.<GuestRedemptionReset>noUpdate().rescheduleAfter(API_SERVER_RETRY);
        }
    }

    private Verdict decideAndAct(GuestRedemptionReset resource, GuestRedemptionResetStatus draft, StatusWriter writer) {
        List<SpecProblem> problems = SpecValidator.validate(resource.getSpec());
        if (!problems.isEmpty()) {
            String message = "The spec is invalid: " + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))
                    + ". Fix it and apply again; nothing was sent to Graph.";
            return new Verdict(Verdict.Phase.STALLED, Reasons.INVALID_SPEC, message, null, null, null);
        }
        GraphGateway graph;
        try {
            graph = gateways.gatewayFor(resource);
        } catch (GatewayProvider.ConnectionProblem problem) {
            // No Secret event source: a fixed Secret is noticed at the next recheck or spec change.
            return problem.isTemporary()
                    ? new Verdict(Verdict.Phase.WAITING, Reasons.KUBERNETES_UNAVAILABLE, problem.getMessage(), API_SERVER_RETRY, null, null)
                    : new Verdict(Verdict.Phase.STALLED, Reasons.CONNECTION_INVALID, problem.getMessage(), stalledRecheck, null, null);
        }
        Observation observation = observer.observe(graph, resource.getSpec(), draft);
        Decision next = decision.decide(resource.getSpec(), observation, draft, clock.instant());
        if (next.userId() != null) {
            draft.setUserId(next.userId());
            draft.setPreviousEmail(next.previousEmail());
        }
        LOG.debug("{}/{}: {}", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), next.action());
        return executor.execute(next.action(), new ActionExecutor.Target(resource, graph, draft, writer));
    }

    /**
     * An unexpected failure still ends in a readable condition (Reconciling=True, reason
     * ReconcileError) while JOSDK retries, so Flux and Argo CD never read the object as healthy.
     */
    @Override
    public ErrorStatusUpdateControl<GuestRedemptionReset> updateErrorStatus(GuestRedemptionReset resource,
                                                                           Context<GuestRedemptionReset> context, Exception e) {
        LOG.warn("Reconciling {}/{} failed: {}", resource.getMetadata().getNamespace(), resource.getMetadata().getName(), e.toString());
        GuestRedemptionResetStatus draft = recorder.draftOf(resource);
        Verdict verdict = new Verdict(Verdict.Phase.WAITING, Reasons.RECONCILE_ERROR, "Reconciling failed ("
                + e.getClass().getSimpleName() + "); the operator retries. See its log for details.", null, null, null);
        recorder.applyVerdict(resource, draft, verdict);
        GuestRedemptionReset patched = new GuestRedemptionReset();
        patched.setMetadata(resource.getMetadata());
        patched.setSpec(resource.getSpec());
        patched.setStatus(draft);
        return ErrorStatusUpdateControl.patchStatus(patched);
    }
}
