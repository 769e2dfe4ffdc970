package io.guestops.grr.graph;

import java.time.Duration;

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
}
