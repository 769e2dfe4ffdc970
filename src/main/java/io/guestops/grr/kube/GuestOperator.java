package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.Controller;
import java.util.stream.Stream;

/** The running operator: JOSDK wired to the reconciler, started and stopped as one. */
public final class GuestOperator implements AutoCloseable {

    private final Operator operator;
    private final Controller<GuestRedemptionReset> controller;
    private final ReconcileListener listener;

    private GuestOperator(Operator operator, Controller<GuestRedemptionReset> controller, ReconcileListener listener) {
        this.operator = operator;
        this.controller = controller;
        this.listener = listener;
    }

    /** Registers the controller and starts it; with leader election it acts only while it holds the Lease. */
    public static GuestOperator start(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings) {
        return start(client, gateways, settings, Instrumentation.NONE);
    }

    /** As {@link #start(KubernetesClient, GatewayProvider, OperatorSettings)}, watched by {@code instrumentation}. */
    public static GuestOperator start(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings,
                                      Instrumentation instrumentation) {
        ReconcileListener listener = instrumentation.reconciles();
        Operator operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(settings.threads())
                    .withMetrics(instrumentation.reconcileMetrics());
            if (settings.leaderElection() != null) {
                overrider.withLeaderElectionConfiguration(leaderElection(settings.leaderElection(), listener));
            }
        });
        RegisteredController<GuestRedemptionReset> registered = operator.register(reconciler(client, gateways, settings, listener),
                overrider -> {
                    overrider.withRetry(retrySchedule(settings).toRetry());
                    if (!settings.namespaces().isEmpty()) {
                        overrider.settingNamespaces(settings.namespaces());
                    }
                    if (settings.shardSelector() != null) {
                        // Only the controller's informer is narrowed to the shard: the peers of a guest
                        // and the policies' reset counts are read from an informer of every shard.
                        overrider.withLabelSelector(settings.shardSelector());
                    }
                });
        operator.start();
        if (settings.leaderElection() == null) {
            listener.leadershipChanged(true);
        }
        // JOSDK registers every controller as its Controller class; the cache is read through it.
        return new GuestOperator(operator, (Controller<GuestRedemptionReset>) registered, listener);
    }

    /** The Lease, and the listener told when this replica starts and stops leading. */
    private static LeaderElectionConfiguration leaderElection(OperatorSettings.LeaderElection election, ReconcileListener listener) {
        // JOSDK calls these after its own start and stop of the controllers.
        LeaderCallbacks leadership = new LeaderCallbacks(() -> listener.leadershipChanged(true),
                () -> listener.leadershipChanged(false), newLeader -> { });
        return new LeaderElectionConfiguration(election.leaseName(), election.leaseNamespace(), election.leaseDuration(),
                election.renewDeadline(), election.retryPeriod(), election.identity(), leadership, election.exitOnStopLeading());
    }

    static GuestRedemptionResetReconciler reconciler(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings,
                                                     ReconcileListener listener) {
        DecisionSetup setup = DecisionSetup.of(settings);
        EventRecorder events = new EventRecorder(client, settings.clock());
        StatusRecorder recorder = new StatusRecorder(client.getKubernetesSerialization(), new ConfirmedResets(), events,
                settings.clock(), listener);
        GuestClaims claims = new GuestClaims(client, settings.claimNamespace(), settings.clock());
        EntraLedgerCopy entraCopy = new EntraLedgerCopy(settings.entraLedgerCopy());
        StepExecutor.Ledgers ledgers = new StepExecutor.Ledgers(claims, entraCopy);
        StepExecutor executor = new StepExecutor(setup.outcomes(), new RedeemLinkSecrets(client), settings.clock(), listener, ledgers);
        GuestRedemptionResetReconciler.Guardrailing guardrailing = new GuestRedemptionResetReconciler.Guardrailing(
                new GuestPolicies(settings.policies()), new ResetBudget(settings.resetLimitWindow()),
                new VerifiedDomains(settings.clock()));
        return new GuestRedemptionResetReconciler(gateways, setup, executor,
                recorder, events, retrySchedule(settings), settings.clock(), guardrailing,
                new DriftWatches(settings.driftPoll(), settings.resync(), settings.clock(), listener), claims, entraCopy);
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

    /**
     * The resources in the controller's informer cache, as this replica sees them (a standby keeps
     * its cache in sync too). Empty until the informers have started.
     */
    public Stream<GuestRedemptionReset> cachedResources() {
        if (!operator.getRuntimeInfo().isStarted()) {
            return Stream.empty();
        }
        return controller.eventSourceContext().getPrimaryCache().list();
    }

    @Override
    public void close() {
        operator.stop();
        listener.leadershipChanged(false);
    }
}
