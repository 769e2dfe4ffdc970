package io.guestops.grr.kube;

import io.guestops.grr.decision.outcome.Backoff;
import io.guestops.grr.decision.outcome.FailurePolicy;
import io.guestops.grr.decision.outcome.Outcomes;
import io.guestops.grr.decision.ReconcileDecision;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The decision and its outcomes as the operator builds them from its settings: the one place that
 * wires them, so that `plan` and the benchmark's inventory judge exactly as the operator does.
 *
 * @param decision the reconcile decision
 * @param outcomes how a step's result becomes status (conditions, requeue times)
 */
public record DecisionSetup(ReconcileDecision decision, Outcomes outcomes) {

    /** How long after the operator's own PATCH a refused reset is read as replication lag. */
    public static final Duration REPLICATION_WINDOW = Duration.ofMinutes(10);
    /** How soon a pass comes back after the Kubernetes API refused or could not be reached. */
    public static final Duration API_SERVER_RETRY = Duration.ofSeconds(2);

    /** The operator's: retry delays jittered at random, so that failed passes do not come back in step. */
    public static DecisionSetup of(OperatorSettings settings) {
        return of(settings, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * With a fixed jitter: for callers that show what the operator would do (a plan, an inventory),
     * where a retry delay must be the same at every call.
     */
    public static DecisionSetup deterministic(OperatorSettings settings) {
        return of(settings, () -> 0.5);
    }

    private static DecisionSetup of(OperatorSettings settings, DoubleSupplier jitter) {
        FailurePolicy failures = new FailurePolicy(new Backoff(settings.backoffInitial(), settings.backoffMax(), jitter));
        Outcomes outcomes = new Outcomes(failures, new Outcomes.Timings(settings.resync(), settings.stalledRecheck(),
                REPLICATION_WINDOW, API_SERVER_RETRY));
        return new DecisionSetup(new ReconcileDecision(settings.settleWindow(), failures), outcomes);
    }
}
