package io.guestops.grr.graph.budget;

/**
 * Graph's identity-and-access limits per (application, tenant), as the operator's client-side
 * budget mirrors them: writes per 150 s and resource units per 10 s. The tenant's size (which sets
 * Graph's resource-unit limit: 3,500 / 5,000 / 8,000 for &lt;50 / 50-500 / &gt;500 users) is not
 * known to the operator, so the default is the smallest.
 *
 * @param writesPer150s the write bucket's capacity, refilled evenly over 150 s
 * @param ruPer10s      the resource-unit bucket's capacity, refilled evenly over 10 s
 */
public record BudgetLimits(int writesPer150s, int ruPer10s) {

    /** Graph's documented limits for the smallest tenants. */
    public static final BudgetLimits GRAPH_DEFAULTS = new BudgetLimits(3_000, 3_500);

    public BudgetLimits {
        if (writesPer150s < 1 || ruPer10s < 1) {
            throw new IllegalArgumentException("Graph budget limits must be positive, were writesPer150s=" + writesPer150s
                    + ", ruPer10s=" + ruPer10s);
        }
    }
}
