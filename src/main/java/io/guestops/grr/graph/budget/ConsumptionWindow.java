package io.guestops.grr.graph.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * What Graph admitted from one bucket over its last period (150 s of writes, 10 s of resource
 * units): when Graph refuses with its bucket empty, this is the closest measure the operator has
 * of what the bucket really holds. Not thread-safe: {@link TenantBudget} guards it.
 */
final class ConsumptionWindow {

    private record Charge(Instant at, double units) {
    }

    private final Duration period;
    private final ArrayDeque<Charge> charges = new ArrayDeque<>();
    private double total;

    ConsumptionWindow(Duration period) {
        this.period = period;
    }

    /** Units charged (negative: given back, for a request Graph refused). */
    void add(double units, Instant now) {
        if (units != 0) {
            charges.addLast(new Charge(now, units));
            total += units;
        }
        forgetBefore(now.minus(period));
    }

    double consumed(Instant now) {
        forgetBefore(now.minus(period));
        return Math.max(0, total);
    }

    private void forgetBefore(Instant start) {
        while (!charges.isEmpty() && charges.peekFirst().at().isBefore(start)) {
            total -= charges.removeFirst().units();
        }
    }
}
