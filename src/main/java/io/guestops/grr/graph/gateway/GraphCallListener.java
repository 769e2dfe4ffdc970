package io.guestops.grr.graph.gateway;

import io.guestops.grr.graph.sdk.ExchangeOutcome;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Told about every HTTP exchange the gateway has with Graph or with its token authority, for
 * monitoring. Every value handed over is a label from a small fixed set: a route is a path template
 * ({@code /users/{id}}, never an id or an address), an outcome one of {@link ExchangeOutcome}'s.
 * Called on the request's thread: implementations must be quick and must not throw.
 */
public interface GraphCallListener {

    /** Listens to nothing. */
    GraphCallListener NONE = new GraphCallListener() {
        @Override
        public void exchanged(String route, String method, String outcome) {
        }

        @Override
        public void askedToWait(Duration wait) {
        }
    };

    /** One exchange ended: a route template, the HTTP method, and an {@link ExchangeOutcome} label. */
    void exchanged(String route, String method, String outcome);

    /** Graph asked the operator to wait this long before trying again (Retry-After on a 429 or a 503). */
    void askedToWait(Duration wait);

    /**
     * The (application, tenant) budget a gateway charges paces to these capacities: Graph's
     * configured limits, or lower ones learned from Graph's refusals. Read whenever metrics are
     * scraped; told once per gateway built (a rebuilt gateway shares the same budget).
     */
    default void pacing(String applicationId, String tenantId, DoubleSupplier writesPer150s, DoubleSupplier resourceUnitsPer10s) {
    }
}
