package io.guestops.grr.graph.budget;

import io.guestops.grr.graph.gateway.GraphBudget;
import io.guestops.grr.graph.gateway.GraphConnection;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One {@link GraphBudget} per (application, tenant), as Graph keeps one bucket per pair: gateways
 * rebuilt for a rotated secret, or two Secrets naming the same application in the same tenant,
 * share it. Every pair gets the same limits: Graph's for the tenant size the operator assumes.
 */
public final class TenantBudgets {

    private final BudgetLimits limits;
    private final Clock clock;
    private final Map<String, TenantBudget> budgets = new ConcurrentHashMap<>();

    public TenantBudgets(BudgetLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public BudgetLimits limits() {
        return limits;
    }

    public TenantBudget budgetFor(GraphConnection connection) {
        String key = lower(connection.clientId()) + "|" + lower(connection.tenantId());
        return budgets.computeIfAbsent(key, k -> new TenantBudget(limits, clock,
                () -> ThreadLocalRandom.current().nextDouble()));
    }

    private static String lower(String id) {
        return id == null ? "" : id.toLowerCase(Locale.ROOT);
    }
}
