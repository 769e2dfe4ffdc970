package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.kube.GuestOperator;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.TenantGateways;

/**
 * One operator replica in this JVM as a pod runs it: a Kubernetes client, Graph gateways and a
 * {@link GuestOperator} of its own, competing for the leader Lease under its own identity. It stops
 * as SIGTERM stops a pod (the operator shuts down in order) or dies as SIGKILL kills one (its
 * connections close first, so nothing more leaves it). {@link OperatorReplicas} and
 * {@link ReplicaFleet} start their replicas with it.
 */
final class ReplicaPod {

    private final KubernetesClient client;
    private final TenantGateways gateways;
    private final GuestOperator operator;
    private boolean ended;

    private ReplicaPod(KubernetesClient client, TenantGateways gateways, GuestOperator operator) {
        this.client = client;
        this.gateways = gateways;
        this.operator = operator;
    }

    /**
     * Starts the operator as {@code identity} on the Lease of {@code election}, with its timings; it
     * does not exit when it stops leading (one JVM): whoever starts it decides what losing the Lease does.
     */
    static ReplicaPod start(String identity, KubernetesClient client, TenantGateways gateways, OperatorSettings settings,
                            OperatorSettings.LeaderElection election, Instrumentation instrumentation) {
        OperatorSettings own = settings.toBuilder().leaderElection(new OperatorSettings.LeaderElection(election.leaseName(),
                election.leaseNamespace(), identity, election.leaseDuration(), election.renewDeadline(), election.retryPeriod(),
                false)).build();
        return new ReplicaPod(client, gateways, GuestOperator.start(client, gateways, own, instrumentation));
    }

    /** Its informers are in sync: ready to take over (what its readiness probe says). */
    boolean isReady() {
        return operator.isReady();
    }

    /** SIGTERM: the operator shuts down in order, then its gateways and client close. */
    void stop() {
        end(operator::close, gateways::close, client::close);
    }

    /** SIGKILL: its connections close first, so nothing more leaves the process; then its threads end. */
    void kill() {
        end(client::close, operator::close, gateways::close);
    }

    /** A pod ends once: a later stop or kill finds nothing left to close. */
    private synchronized void end(Runnable... closesInOrder) {
        if (ended) {
            return;
        }
        ended = true;
        for (Runnable close : closesInOrder) {
            close.run();
        }
    }
}
