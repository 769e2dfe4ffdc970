package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.Controller;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running operator: JOSDK wired to the reconciler, started and stopped as one. */
public final class GuestOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuestOperator.class);

    /**
     * How long a graceful stop waits for the passes under way (JOSDK's default, zero, interrupts them,
     * a reset POST included). Inside Kubernetes' default 30 s termination grace period, with room for
     * the Lease's release after it.
     */
    public static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(10);

    private final Operator operator;
    private final Controller<GuestRedemptionReset> controller;
    private final ReconcileListener listener;
    private final Leadership leadership;

    /** The Lease this replica competes for and the fence its Graph writes pass; null without leader election. */
    private record Leadership(KubernetesClient client, OperatorSettings.LeaderElection election, LeaderLeaseFence fence,
                              AtomicBoolean stopping) {}

    private GuestOperator(Operator operator, Controller<GuestRedemptionReset> controller, ReconcileListener listener,
                          Leadership leadership) {
        this.operator = operator;
        this.controller = controller;
        this.listener = listener;
        this.leadership = leadership;
    }

    /** Registers the controller and starts it; with leader election it acts only while it holds the Lease. */
    public static GuestOperator start(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings) {
        return start(client, gateways, settings, Instrumentation.NONE);
    }

    /** As {@link #start(KubernetesClient, GatewayProvider, OperatorSettings)}, watched by {@code instrumentation}. */
    public static GuestOperator start(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings,
                                      Instrumentation instrumentation) {
        ReconcileListener listener = instrumentation.reconciles();
        Leadership leadership = settings.leaderElection() == null ? null : new Leadership(client, settings.leaderElection(),
                new LeaderLeaseFence(client, settings.leaderElection(), Clock.systemUTC()), new AtomicBoolean());
        Operator operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(settings.threads())
                    .withReconciliationTerminationTimeout(IN_FLIGHT_GRACE)
                    .withMetrics(instrumentation.reconcileMetrics());
            if (leadership != null) {
                overrider.withLeaderElectionConfiguration(leaderElection(listener, leadership));
            }
        });
        GraphWriteFence fence = leadership == null ? GraphWriteFence.ALWAYS_OPEN : leadership.fence();
        RegisteredController<GuestRedemptionReset> registered = operator.register(reconciler(client, gateways, settings, listener, fence),
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
        return new GuestOperator(operator, (Controller<GuestRedemptionReset>) registered, listener, leadership);
    }

    /**
     * The Lease, and the listener told when this replica starts and stops leading. JOSDK is told never
     * to exit: its own exit runs on the thread that stops the elector, which in a graceful stop is
     * the one that must still give the Lease back (System.exit blocks forever during shutdown). A
     * Lease lost while running still ends the process when the settings say so, from a thread of its own.
     */
    private static LeaderElectionConfiguration leaderElection(ReconcileListener listener, Leadership leadership) {
        OperatorSettings.LeaderElection election = leadership.election();
        // JOSDK calls these after its own start and stop of the controllers. Not exiting, JOSDK keeps
        // reconciling after it stops leading: the fence keeps those passes from Graph.
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> listener.leadershipChanged(true),
                () -> {
                    leadership.fence().revoke();
                    listener.leadershipChanged(false);
                    if (election.exitOnStopLeading() && !leadership.stopping().get()) {
                        LOG.error("Lost the leader Lease {}/{}; exiting so the pod restarts clean", election.leaseNamespace(),
                                election.leaseName());
                        new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
                    }
                }, newLeader -> { });
        return new LeaderElectionConfiguration(election.leaseName(), election.leaseNamespace(), election.leaseDuration(),
                election.renewDeadline(), election.retryPeriod(), election.identity(), callbacks, false);
    }

    static GuestRedemptionResetReconciler reconciler(KubernetesClient client, GatewayProvider gateways, OperatorSettings settings,
                                                     ReconcileListener listener, GraphWriteFence fence) {
        DecisionSetup setup = DecisionSetup.of(settings);
        EventRecorder events = new EventRecorder(client, settings.clock());
        StatusRecorder recorder = new StatusRecorder(client.getKubernetesSerialization(), new ConfirmedResets(), events,
                settings.clock(), listener);
        GuestClaims claims = new GuestClaims(client, settings.claimNamespace(), settings.clock());
        EntraLedgerCopy entraCopy = new EntraLedgerCopy(settings.entraLedgerCopy());
        StepExecutor.Ledgers ledgers = new StepExecutor.Ledgers(claims, entraCopy);
        StepExecutor executor = new StepExecutor(setup.outcomes(), new RedeemLinkSecrets(client), settings.clock(), listener, ledgers,
                fence);
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

    /**
     * A graceful stop: no new pass starts, the passes under way end (JOSDK waits for them, bounded by
     * its reconciliation termination timeout) and the elector stops; then the fence shuts, so a pass
     * that outlived that wait sends nothing more, and only then is the Lease given back, so a standby
     * takes over at its next retry rather than after the lease duration.
     */
    @Override
    public void close() {
        if (leadership != null) {
            leadership.stopping().set(true);
        }
        operator.stop();
        if (leadership != null) {
            leadership.fence().revoke();
            LeaderLeaseRelease.releaseIfHeld(leadership.client(), leadership.election(), Clock.systemUTC());
        }
        listener.leadershipChanged(false);
    }
}
