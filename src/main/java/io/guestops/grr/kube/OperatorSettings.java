package io.guestops.grr.kube;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * How the operator behaves; every field has a default (see {@link #defaults()}).
 *
 * @param namespaces       namespaces to watch; empty means all
 * @param settleWindow     how long after an unanswered reset Graph is trusted to show its effect
 *                         before the reset may be sent again
 * @param resync           how often a settled resource is checked again for drift in Entra ID
 * @param stalledRecheck   how often a stalled resource is looked at again (a missing user may appear)
 * @param backoffInitial   first wait after a transient Graph failure
 * @param backoffMax       longest wait after transient Graph failures
 * @param threads          resources reconciled at the same time
 * @param leaderElection   the Lease to hold, or null to run without leader election
 * @param policies         whether a resource acts only when a GuestRedemptionPolicy admits it. Off in
 *                         {@link #defaults()} (tests and embedded runs that do not test policies);
 *                         `run` turns it on unless told otherwise
 * @param resetLimitWindow the sliding window of the policies' blast-radius limit (an hour; tests shorten it)
 * @param driftPoll        how often each tenant's Graph delta query is followed to find settled guests that
 *                         changed (drift repaired within it); zero turns the watch off: every settled resource
 *                         is then read from Graph at each resync
 * @param shardSelector    a Kubernetes label selector: this operator reconciles only the resources it
 *                         selects (its shard); null reconciles every resource. The one-owner-per-guest
 *                         rule and the policies' limits still see every shard's resources
 * @param operatorNamespace the operator's own namespace (POD_NAMESPACE), where the guests' claims
 *                         live when there is no leader election (with it, the Lease's namespace)
 * @param entraLedgerCopy  whether each reset request is also noted on the guest in Entra ID (an open
 *                         extension, one more Graph write per reset), so that a rebuilt cluster or a
 *                         second cluster on the same tenant does not reset the guest again
 */
public record OperatorSettings(
        Set<String> namespaces,
        Duration settleWindow,
        Duration resync,
        Duration stalledRecheck,
        Duration backoffInitial,
        Duration backoffMax,
        int threads,
        LeaderElection leaderElection,
        Clock clock,
        boolean policies,
        Duration resetLimitWindow,
        Duration driftPoll,
        String shardSelector,
        String operatorNamespace,
        boolean entraLedgerCopy) {

    /**
     * The Lease that decides which replica acts.
     *
     * @param exitOnStopLeading end the process when the lease is lost (production: the pod restarts
     *                          clean); false keeps the JVM alive, for tests that run several replicas in one
     */
    public record LeaderElection(String leaseName, String leaseNamespace, String identity, Duration leaseDuration,
                                 Duration renewDeadline, Duration retryPeriod, boolean exitOnStopLeading) {

        /** JOSDK's default timings (15 s lease, 10 s renew deadline, 2 s retry), exiting when the lease is lost. */
        public static LeaderElection of(String leaseName, String leaseNamespace, String identity) {
            return new LeaderElection(leaseName, leaseNamespace, identity, Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2), true);
        }
    }

    /**
     * Reconcile threads by default: more than Graph lets one tenant use at once, so the per-tenant
     * budget (which adapts how many passes are in Graph, and makes waiting passes come back later
     * instead of holding a thread) decides, not the pool.
     */
    public static final int DEFAULT_THREADS = 32;

    /**
     * Where the guests' claims (one Lease per guest, {@link GuestClaims}) live: the leader-election
     * Lease's namespace, the operator's own. Every shard of a cluster must use the same one.
     */
    public String claimNamespace() {
        return leaderElection == null ? operatorNamespace : leaderElection.leaseNamespace();
    }

    /** The operator's namespace unless told otherwise (`run` takes --lease-namespace or POD_NAMESPACE). */
    static final String DEFAULT_CLAIM_NAMESPACE = "default";

    public static OperatorSettings defaults() {
        return new OperatorSettings(Set.of(), Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofMinutes(15),
                Duration.ofSeconds(5), Duration.ofMinutes(5), DEFAULT_THREADS, null, Clock.systemUTC(), false, Duration.ofHours(1),
                Duration.ofMinutes(5), null, DEFAULT_CLAIM_NAMESPACE, false);
    }

    public OperatorSettings withLeaderElection(LeaderElection election) {
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads, election,
                clock, policies, resetLimitWindow, driftPoll, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    public OperatorSettings withNamespaces(Set<String> watched) {
        return new OperatorSettings(watched, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads, leaderElection,
                clock, policies, resetLimitWindow, driftPoll, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    public OperatorSettings withTimings(Duration settle, Duration backoffStart, Duration backoffCap) {
        return new OperatorSettings(namespaces, settle, resync, stalledRecheck, backoffStart, backoffCap, threads, leaderElection,
                clock, policies, resetLimitWindow, driftPoll, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    public OperatorSettings withResync(Duration interval) {
        return new OperatorSettings(namespaces, settleWindow, interval, stalledRecheck, backoffInitial, backoffMax, threads,
                leaderElection, clock, policies, resetLimitWindow, driftPoll, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    public OperatorSettings withThreads(int count) {
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, count, leaderElection,
                clock, policies, resetLimitWindow, driftPoll, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    /** Policies on (a resource acts only when a policy admits it) or off. */
    public OperatorSettings withPolicies(boolean enforced) {
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads,
                leaderElection, clock, enforced, resetLimitWindow, driftPoll, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    /** The window of the blast-radius limit (maxResetsPerHour counts resets within it). */
    public OperatorSettings withResetLimitWindow(Duration window) {
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads,
                leaderElection, clock, policies, window, driftPoll, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    /** The operator's own namespace, where the guests' claims live without leader election. */
    public OperatorSettings withOperatorNamespace(String namespace) {
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads,
                leaderElection, clock, policies, resetLimitWindow, driftPoll, shardSelector, namespace, entraLedgerCopy);
    }

    /** Reconcile only the resources this label selector selects (null or blank: every resource). */
    public OperatorSettings withShardSelector(String selector) {
        String shard = selector == null || selector.isBlank() ? null : selector.trim();
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads,
                leaderElection, clock, policies, resetLimitWindow, driftPoll, shard, operatorNamespace, entraLedgerCopy);
    }

    /** How often the Graph delta query is followed for drift of settled guests; zero turns the watch off. */
    public OperatorSettings withDriftPoll(Duration interval) {
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads,
                leaderElection, clock, policies, resetLimitWindow, interval, shardSelector, operatorNamespace, entraLedgerCopy);
    }

    /** Also note each reset request on the guest in Entra ID (the reset ledger's Entra copy). */
    public OperatorSettings withEntraLedgerCopy(boolean copy) {
        return new OperatorSettings(namespaces, settleWindow, resync, stalledRecheck, backoffInitial, backoffMax, threads,
                leaderElection, clock, policies, resetLimitWindow, driftPoll, shardSelector, operatorNamespace, copy);
    }
}
