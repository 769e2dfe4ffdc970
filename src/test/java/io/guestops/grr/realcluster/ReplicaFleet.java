package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.client.Config;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.budget.TenantBudgets;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ReconcileListener;
import io.guestops.grr.kube.TenantGateways;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The operator's replicas (a Deployment's pods) against the real API server, in this JVM, each with
 * its own Kubernetes client and Graph gateways, electing a leader on one Lease. As in production
 * (exit-on-stop-leading), a replica that stops leading exits and its replacement starts; a killed
 * replica is replaced too. What each replica writes to Graph is noted in {@link ReplicaGraphWrites}.
 */
final class ReplicaFleet implements AutoCloseable {

    /** One running replica: a pod. */
    final class Replica {
        final String identity;
        private final AtomicBoolean gone = new AtomicBoolean();
        /** Set before the fleet itself stops or kills it: its leadership ending then is no exit. */
        private final AtomicBoolean ending = new AtomicBoolean();
        private ReplicaPod pod;

        private Replica(String identity) {
            this.identity = identity;
        }

        private void start() {
            TenantBudgets budgets = new TenantBudgets(graphLimits, Clock.systemUTC());
            TenantGateways gateways = new TenantGateways(graphConnection, connection -> ReplicaTaggedGateway.of(
                    GraphGateways.create(connection, GraphCallListener.NONE, budgets), identity, writes, gone::get));
            ReconcileListener leadership = new ReconcileListener() {
                @Override
                public void leadershipChanged(boolean leading) {
                    if (leading) {
                        startedLeading.accept(identity, Instant.now());
                    } else if (!ending.get()) {
                        exitOnLostLease(Replica.this);
                    }
                }
            };
            pod = ReplicaPod.start(identity, kube.client(clientConfig.get()), gateways, settings, election,
                    new Instrumentation(Metrics.NOOP, GraphCallListener.NONE, leadership));
        }

        /** SIGKILL: nothing more leaves the process, its connections close, its threads end. */
        private void kill() {
            ending.set(true);
            gone.set(true);
            pod.kill();
        }

        /** SIGTERM: the operator shuts down in order. */
        private void stop() {
            ending.set(true);
            pod.stop();
        }
    }

    private final RealKubernetes kube;
    private final Supplier<Config> clientConfig;
    private final GraphConnection graphConnection;
    private final BudgetLimits graphLimits;
    private final OperatorSettings settings;
    private final OperatorSettings.LeaderElection election;
    private final ReplicaGraphWrites writes;
    private final BiConsumer<String, Instant> startedLeading;
    /** Where replacements of exited replicas start: the run's single fault thread, so a start never overlaps a restart. */
    private final Executor replacements;
    private final Map<String, Replica> running = new LinkedHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger exits = new AtomicInteger();
    private final AtomicInteger gracefulStops = new AtomicInteger();
    private volatile boolean closing;

    /**
     * @param settings    the operator's settings; the identity and exit-on-stop-leading of {@code election} are per replica
     * @param startedLeading told, by the replica, the moment it starts leading
     * @param replacements   runs the start of a replica that replaces one that exited
     */
    ReplicaFleet(RealKubernetes kube, Supplier<Config> clientConfig, GraphConnection graphConnection, BudgetLimits graphLimits,
                 OperatorSettings settings, OperatorSettings.LeaderElection election, ReplicaGraphWrites writes,
                 BiConsumer<String, Instant> startedLeading, Executor replacements) {
        this.kube = kube;
        this.clientConfig = clientConfig;
        this.graphConnection = graphConnection;
        this.graphLimits = graphLimits;
        this.settings = settings;
        this.election = election;
        this.writes = writes;
        this.startedLeading = startedLeading;
        this.replacements = replacements;
    }

    synchronized Replica startOne() {
        Replica replica = new Replica("replica-" + started.incrementAndGet());
        replica.start();
        running.put(replica.identity, replica);
        return replica;
    }

    /** Kills the replica (the leader when {@code leader}, else a follower, when there is one) and starts its replacement. */
    synchronized void killAndReplace(String leaderIdentity, boolean leader) {
        Replica victim = running.values().stream().filter(r -> leader == r.identity.equals(leaderIdentity)).findFirst()
                .orElse(running.values().iterator().next());
        running.remove(victim.identity);
        System.out.println("[scale chaos] " + java.time.Instant.now() + " killing " + victim.identity + (leader ? " (leader)" : ""));
        victim.kill();
        kills.incrementAndGet();
        startOne();
    }

    /** A Deployment's rolling update (max surge 1, max unavailable 0): each replica's successor starts, then it stops. */
    synchronized void rollingRestart() {
        for (Replica old : List.copyOf(running.values())) {
            startOne();
            running.remove(old.identity);
            System.out.println("[scale chaos] " + java.time.Instant.now() + " rolling: stopping " + old.identity);
            old.stop();
            gracefulStops.incrementAndGet();
        }
    }

    private void exitOnLostLease(Replica replica) {
        replica.gone.set(true); // System.exit: from this moment nothing more leaves the process
        replacements.execute(() -> {
            synchronized (this) {
                if (closing || running.remove(replica.identity) == null) {
                    return;
                }
                System.out.println("[scale chaos] " + java.time.Instant.now() + " " + replica.identity + " stopped leading: exits");
                replica.kill();
                exits.incrementAndGet();
                startOne();
            }
        });
    }

    synchronized int size() {
        return running.size();
    }

    int started() {
        return started.get();
    }

    int kills() {
        return kills.get();
    }

    /** Replicas that stopped leading (their renewals failed) and exited, as exit-on-stop-leading makes them. */
    int exitsOnLostLease() {
        return exits.get();
    }

    int gracefulStops() {
        return gracefulStops.get();
    }

    @Override
    public synchronized void close() {
        closing = true;
        new ArrayList<>(running.values()).forEach(Replica::stop);
        running.clear();
    }
}
