package io.guestops.grr.cli;

import io.guestops.grr.kube.OperatorSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * What `run` started and keeps running until the process is stopped: the Kubernetes client, the
 * Graph gateways, the operator and the probe server. A test starts it in its own process with the
 * same arguments `run` takes, and closes it where `run` would be stopped.
 */
public final class StartedOperator implements AutoCloseable {

    private final Parts parts;
    private final int probePort;
    private final Supplier<String> metrics;

    StartedOperator(Parts parts, int probePort, Supplier<String> metrics) {
        this.parts = parts;
        this.probePort = probePort;
        this.metrics = metrics;
    }

    /**
     * Starts what {@code run ARGS} starts (the clean-start check first), and returns once the
     * operator runs. The one difference from `run`: losing or giving up the Lease does not end the
     * process (`run` exits then, so that its pod restarts clean), since here the process is the test's.
     *
     * @throws IllegalStateException with run's one-line error when the check or the options refuse the start
     */
    public static StartedOperator startInThisProcess(String... args) throws Exception {
        try {
            return RunCommand.start(args, settings -> settings.leaderElection() == null ? settings
                    : settings.toBuilder().leaderElection(keepingTheProcess(settings.leaderElection())).build());
        } catch (Arguments.UsageError | ClusterCheck.ClusterUnavailable refused) {
            throw new IllegalStateException(refused.getMessage(), refused);
        }
    }

    private static OperatorSettings.LeaderElection keepingTheProcess(OperatorSettings.LeaderElection election) {
        return new OperatorSettings.LeaderElection(election.leaseName(), election.leaseNamespace(), election.identity(),
                election.leaseDuration(), election.renewDeadline(), election.retryPeriod(), false);
    }

    /** The health port: /healthz, /readyz, /metrics. */
    public int probePort() {
        return probePort;
    }

    /** What /metrics serves now (Prometheus text). */
    public String metrics() {
        return metrics.get();
    }

    @Override
    public void close() {
        parts.closeQuietly();
    }

    /** The started parts, closed in the reverse order of their start. */
    static final class Parts {
        private final Deque<AutoCloseable> started = new ArrayDeque<>();

        <T extends AutoCloseable> T add(T part) {
            started.push(part);
            return part;
        }

        void closeQuietly() {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    // stopping: what one part failed to release must not keep the others open
                }
            }
        }
    }
}
