package io.guestops.grr.emulator.fault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** The active faults. Thread-safe; counts are consumed as requests match. */
public final class Faults {
    private final List<Active> active = new ArrayList<>();
    private final Random random;

    private static final class Active {
        final FaultRule rule;
        Integer remaining;

        Active(FaultRule rule) {
            this.rule = rule;
            this.remaining = rule.count();
        }
    }

    public Faults(long randomSeed) {
        this.random = new Random(randomSeed);
    }

    public synchronized void add(FaultRule rule) {
        active.add(new Active(rule));
    }

    public synchronized void clear() {
        active.clear();
    }

    /** Rules still active, with their remaining counts applied. */
    public synchronized List<FaultRule> list() {
        return active.stream().map(a -> new FaultRule(a.rule.route(), a.rule.method(), a.rule.kind(), a.remaining,
                a.rule.rate(), a.rule.retryAfterSeconds(), a.rule.latencyMillis())).toList();
    }

    /**
     * The rules that fire for this request, consuming counts and rolling rates: every matching
     * latency rule, and at most one outcome rule (429/503/504/drop), the first in insertion order,
     * so rules queued for the same route fire on successive requests.
     */
    public synchronized List<FaultRule> fire(String method, String path) {
        List<FaultRule> fired = new ArrayList<>();
        boolean outcomeChosen = false;
        Iterator<Active> it = active.iterator();
        while (it.hasNext()) {
            Active a = it.next();
            boolean outcome = a.rule.kind() != FaultKind.LATENCY;
            if (!a.rule.matches(method, path) || (outcome && outcomeChosen)) {
                continue;
            }
            if (a.rule.rate() != null && random.nextDouble() >= a.rule.rate()) {
                continue;
            }
            fired.add(a.rule);
            outcomeChosen |= outcome;
            if (a.remaining != null && --a.remaining == 0) {
                it.remove();
            }
        }
        return fired;
    }
}
