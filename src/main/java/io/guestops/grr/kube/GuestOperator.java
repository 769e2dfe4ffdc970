package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.decision.Backoff;
import io.guestops.grr.decision.FailurePolicy;
import io.guestops.grr.decision.Outcomes;
import io.guestops.grr.decision.ReconcileDecision;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The running operator: JOSDK wired to the reconciler, started and stopped as one. */
public final class GuestOperator implements AutoCloseable {

    /** How long after the operator's own PATCH a refused reset is read as replication lag. */
    private static final Duration REPLICATION_WINDOW = Duration.ofMinutes(10);
    /** How soon to try again when the Kubernetes API could not be reached. */
    private static final Duration API_SERVER_RETRY = Duration.ofSeconds(2);

    private final Operator operator;

    private GuestOperator(Operator operator) {
        this.operator = operator;
    }

    /** Registers the controller and starts it; with leader election it acts only while it holds the Lease. */
    public static GuestOperator start(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings) {
        Operator operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // The embedded Kubernetes (Fabric8's mock) has no server-side apply; plain
                    // updates work on every API server.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(settings.threads());
            if (settings.leaderElection() != null) {
                OperatorSettings.LeaderElection election = settings.leaderElection();
                overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(election.leaseName(),
                        election.leaseNamespace(), election.leaseDuration(), election.renewDeadline(), election.retryPeriod(),
                        election.identity(), null, election.exitOnStopLeading()));
            }
        });
        operator.register(reconciler(client, gateways, settings), overrider -> {
            overrider.withRetry(retrySchedule(settings).toRetry());
            if (!settings.namespaces().isEmpty()) {
                overrider.settingNamespaces(settings.namespaces());
            }
        });
        operator.start();
        return new GuestOperator(operator);
    }

    static GuestRedemptionResetReconciler reconciler(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings) {
        Backoff backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble());
        FailurePolicy failures = new FailurePolicy(backoff);
        ReconcileDecision decision = new ReconcileDecision(settings.settleWindow(), failures);
        Outcomes outcomes = new Outcomes(failures, new Outcomes.Timings(settings.resync(), settings.stalledRecheck(),
                REPLICATION_WINDOW, API_SERVER_RETRY));
        EventRecorder events = new EventRecorder(client, settings.clock());
        StatusRecorder recorder = new StatusRecorder(client.getKubernetesSerialization(), new ConfirmedResets(), events,
                settings.clock());
        GuestRedemptionResetReconciler.Guardrailing guardrailing = new GuestRedemptionResetReconciler.Guardrailing(
                new GuestPolicies(settings.policies()), new ResetBudget(settings.resetLimitWindow()),
                new VerifiedDomains(settings.clock()));
        return new GuestRedemptionResetReconciler(gateways, decision, outcomes, new StepExecutor(outcomes, settings.clock()),
                recorder, events, retrySchedule(settings), settings.clock(), guardrailing);
    }

    /** Unexpected failures are retried on the same schedule as transient Graph failures, without an attempt limit. */
    static RetrySchedule retrySchedule(OperatorSettings settings) {
        return new RetrySchedule(settings.backoffInitial(), settings.backoffMax());
    }

    /**
     * True once the controller's informers are healthy. A standby replica under leader election
     * syncs its informers too, so it is ready to take over.
     */
    public boolean isReady() {
        return operator.getRuntimeInfo().allEventSourcesAreHealthy() && operator.getRuntimeInfo().isStarted();
    }

    @Override
    public void close() {
        operator.stop();
    }
}
