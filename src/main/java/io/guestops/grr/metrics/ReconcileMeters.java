package io.guestops.grr.metrics;

import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.outcome.Outcome;
import io.guestops.grr.decision.ReconcileDecision;
import io.guestops.grr.kube.ReconcileListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the reconciler does: {@code grr_resets_issued_total}, {@code grr_resets_total{confirmed_by}},
 * {@code grr_policy_denials_total} and {@code grr_leader}. Every series exists from the start, at 0.
 */
final class ReconcileMeters implements ReconcileListener {

    /** The reason a policy's refusal stalls a resource with (policies land after the metrics). */
    static final String POLICY_DENIED = "PolicyDenied";

    private final Counter resetsIssued;
    private final Map<String, Counter> resetsConfirmedBy;
    private final Counter policyDenials;
    private final AtomicInteger leader = new AtomicInteger();

    ReconcileMeters(MeterRegistry registry) {
        resetsIssued = Counter.builder("grr.resets.issued").description("Reset requests sent to Graph").register(registry);
        resetsConfirmedBy = Map.of(
                ConfirmedBy.GRAPH_RESPONSE, resets(registry, ConfirmedBy.GRAPH_RESPONSE),
                ConfirmedBy.USER_STATE, resets(registry, ConfirmedBy.USER_STATE));
        policyDenials = Counter.builder("grr.policy.denials")
                .description("Passes a policy refused to write for (Stalled with reason PolicyDenied)").register(registry);
        Gauge.builder("grr.leader", leader, AtomicInteger::get)
                .description("1 while this replica acts (holds the Lease, or runs without leader election), else 0")
                .register(registry);
    }

    private static Counter resets(MeterRegistry registry, String confirmedBy) {
        return Counter.builder("grr.resets").description("Resets that took effect, by what confirmed them")
                .tag("confirmed_by", confirmedBy).register(registry);
    }

    @Override
    public void resetIssued() {
        resetsIssued.increment();
    }

    @Override
    public void outcomeRecorded(Outcome outcome) {
        if (outcome.recordedReset() != null) {
            Counter confirmed = resetsConfirmedBy.get(outcome.recordedReset().getConfirmedBy());
            if (confirmed != null) {
                confirmed.increment();
            }
        }
        if (outcome.isStalled() && POLICY_DENIED.equals(outcome.reason())) {
            policyDenials.increment();
        }
    }

    @Override
    public void leadershipChanged(boolean leading) {
        leader.set(leading ? 1 : 0);
    }
}
