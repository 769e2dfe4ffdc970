package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.decision.Backoff;
import io.guestops.grr.decision.FailurePolicy;
import io.guestops.grr.decision.ReconcileDecision;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.concurrent.ThreadLocalRandom;

/** The running operator: JOSDK wired to the reconciler, started and stopped as one. */
public final class GuestOperator implements AutoCloseable {

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
        ConfirmedResets confirmedResets = new ConfirmedResets();
        ActionExecutor executor = new ActionExecutor(failures, confirmedResets, new EventRecorder(client), settings.clock(),
                new ActionExecutor.Durations(settings.resync(), settings.stalledRecheck()));
        StatusRecorder recorder = new StatusRecorder(client.getKubernetesSerialization(), confirmedResets, settings.clock());
        return new GuestRedemptionResetReconciler(gateways, decision, executor, recorder, settings);
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
