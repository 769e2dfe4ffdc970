package io.guestops.grr.kube;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * How the operator behaves. Built with {@link #builder()} (every field starts at its default, here
 * and nowhere else) or changed from another with {@link #toBuilder()}; a new setting is one field in
 * {@link Builder}, one here, and (when `run` exposes it) one row of `cli/SettingsTable`.
 */
public final class OperatorSettings {

    /**
     * Reconcile threads by default: more than Graph lets one tenant use at once, so the per-tenant
     * budget (which adapts how many passes are in Graph, and makes waiting passes come back later
     * instead of holding a thread) decides, not the pool.
     */
    public static final int DEFAULT_THREADS = 32;

    /** The operator's namespace unless told otherwise (`run` takes --lease-namespace or POD_NAMESPACE). */
    public static final String DEFAULT_CLAIM_NAMESPACE = "default";

    private final Set<String> namespaces;
    private final Duration settleWindow;
    private final Duration resync;
    private final Duration stalledRecheck;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final int threads;
    private final LeaderElection leaderElection;
    private final Clock clock;
    private final boolean policies;
    private final Duration resetLimitWindow;
    private final Duration driftPoll;
    private final String shardSelector;
    private final String operatorNamespace;
    private final boolean entraLedgerCopy;

    private OperatorSettings(Builder builder) {
        namespaces = Set.copyOf(builder.namespaces);
        settleWindow = builder.settleWindow;
        resync = builder.resync;
        stalledRecheck = builder.stalledRecheck;
        backoffInitial = builder.backoffInitial;
        backoffMax = builder.backoffMax;
        threads = builder.threads;
        leaderElection = builder.leaderElection;
        clock = builder.clock;
        policies = builder.policies;
        resetLimitWindow = builder.resetLimitWindow;
        driftPoll = builder.driftPoll;
        shardSelector = builder.shardSelector;
        operatorNamespace = builder.operatorNamespace;
        entraLedgerCopy = builder.entraLedgerCopy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every field at its default: policies off (`run` turns them on), no leader election. */
    public static OperatorSettings defaults() {
        return builder().build();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Namespaces to watch; empty means all. */
    public Set<String> namespaces() {
        return namespaces;
    }

    /** How long after an unanswered reset Graph is trusted to show its effect before the reset may be sent again. */
    public Duration settleWindow() {
        return settleWindow;
    }

    /** How often a settled resource is checked again for drift in Entra ID. */
    public Duration resync() {
        return resync;
    }

    /** How often a stalled resource is looked at again (a missing user may appear). */
    public Duration stalledRecheck() {
        return stalledRecheck;
    }

    /** First wait after a transient Graph failure. */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    /** Longest wait after transient Graph failures. */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** Resources reconciled at the same time. */
    public int threads() {
        return threads;
    }

    /** The Lease to hold, or null to run without leader election. */
    public LeaderElection leaderElection() {
        return leaderElection;
    }

    public Clock clock() {
        return clock;
    }

    /** Whether a resource acts only when a GuestRedemptionPolicy admits it. */
    public boolean policies() {
        return policies;
    }

    /** The sliding window of the policies' blast-radius limit (maxResetsPerHour counts resets within it). */
    public Duration resetLimitWindow() {
        return resetLimitWindow;
    }

    /**
     * How often each tenant's Graph delta query is followed to find settled guests that changed;
     * zero turns the watch off: every settled resource is then read from Graph at each resync.
     */
    public Duration driftPoll() {
        return driftPoll;
    }

    /**
     * A Kubernetes label selector: this operator reconciles only the resources it selects (its
     * shard); null reconciles every resource. The one-owner-per-guest rule and the policies' limits
     * still see every shard's resources.
     */
    public String shardSelector() {
        return shardSelector;
    }

    /** The operator's own namespace (POD_NAMESPACE). */
    public String operatorNamespace() {
        return operatorNamespace;
    }

    /**
     * Whether each reset request is also noted on the guest in Entra ID (an open extension, one more
     * Graph write per reset), so that a rebuilt cluster or a second cluster on the same tenant does
     * not reset the guest again.
     */
    public boolean entraLedgerCopy() {
        return entraLedgerCopy;
    }

    /**
     * Where the guests' claims (one Lease per guest, {@link GuestClaims}) live: the leader-election
     * Lease's namespace, the operator's own. Every shard of a cluster must use the same one.
     */
    public String claimNamespace() {
        return leaderElection == null ? operatorNamespace : leaderElection.leaseNamespace();
    }

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

    /** Settings one field at a time; the initial values are the defaults. */
    public static final class Builder {
        private Set<String> namespaces = Set.of();
        private Duration settleWindow = Duration.ofMinutes(2);
        private Duration resync = Duration.ofMinutes(30);
        private Duration stalledRecheck = Duration.ofMinutes(15);
        private Duration backoffInitial = Duration.ofSeconds(5);
        private Duration backoffMax = Duration.ofMinutes(5);
        private int threads = DEFAULT_THREADS;
        private LeaderElection leaderElection;
        private Clock clock = Clock.systemUTC();
        // Off for tests and embedded runs that do not test policies; `run` turns them on unless told otherwise.
        private boolean policies;
        // An hour, as maxResetsPerHour says; tests shorten it.
        private Duration resetLimitWindow = Duration.ofHours(1);
        private Duration driftPoll = Duration.ofMinutes(5);
        private String shardSelector;
        private String operatorNamespace = DEFAULT_CLAIM_NAMESPACE;
        private boolean entraLedgerCopy;

        private Builder() {
        }

        private Builder(OperatorSettings from) {
            namespaces = from.namespaces;
            settleWindow = from.settleWindow;
            resync = from.resync;
            stalledRecheck = from.stalledRecheck;
            backoffInitial = from.backoffInitial;
            backoffMax = from.backoffMax;
            threads = from.threads;
            leaderElection = from.leaderElection;
            clock = from.clock;
            policies = from.policies;
            resetLimitWindow = from.resetLimitWindow;
            driftPoll = from.driftPoll;
            shardSelector = from.shardSelector;
            operatorNamespace = from.operatorNamespace;
            entraLedgerCopy = from.entraLedgerCopy;
        }

        /** Namespaces to watch; empty watches all. */
        public Builder namespaces(Set<String> watched) {
            namespaces = Set.copyOf(watched);
            return this;
        }

        public Builder settleWindow(Duration window) {
            settleWindow = window;
            return this;
        }

        public Builder resync(Duration interval) {
            resync = interval;
            return this;
        }

        public Builder stalledRecheck(Duration interval) {
            stalledRecheck = interval;
            return this;
        }

        /** The waits after transient Graph failures: the first, and the longest. */
        public Builder backoff(Duration initial, Duration max) {
            backoffInitial = initial;
            backoffMax = max;
            return this;
        }

        public Builder threads(int count) {
            threads = count;
            return this;
        }

        /** The Lease to hold; null runs without leader election. */
        public Builder leaderElection(LeaderElection election) {
            leaderElection = election;
            return this;
        }

        public Builder clock(Clock source) {
            clock = source;
            return this;
        }

        /** Policies on (a resource acts only when a policy admits it) or off. */
        public Builder policies(boolean enforced) {
            policies = enforced;
            return this;
        }

        /** The window of the blast-radius limit (maxResetsPerHour counts resets within it). */
        public Builder resetLimitWindow(Duration window) {
            resetLimitWindow = window;
            return this;
        }

        /** How often the Graph delta query is followed for drift of settled guests; zero turns the watch off. */
        public Builder driftPoll(Duration interval) {
            driftPoll = interval;
            return this;
        }

        /** Reconcile only the resources this label selector selects (null or blank: every resource). */
        public Builder shardSelector(String selector) {
            shardSelector = selector == null || selector.isBlank() ? null : selector.trim();
            return this;
        }

        /** The operator's own namespace, where the guests' claims live without leader election. */
        public Builder operatorNamespace(String namespace) {
            operatorNamespace = namespace;
            return this;
        }

        /** Also note each reset request on the guest in Entra ID (the reset ledger's Entra copy). */
        public Builder entraLedgerCopy(boolean copy) {
            entraLedgerCopy = copy;
            return this;
        }

        public OperatorSettings build() {
            return new OperatorSettings(this);
        }
    }
}
