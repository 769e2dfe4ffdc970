package io.guestops.grr.kube;

import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.graph.gateway.GraphResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The host tenant's verified domains, per tenant connection, kept for a few minutes: they change
 * rarely, and reading them on every pass of every resource would spend Graph's budget for nothing.
 */
public final class VerifiedDomains {

    static final Duration KEEP_FOR = Duration.ofMinutes(5);

    private record Read(GraphResult<List<String>> answer, Instant at) {}

    /** Weak keys: a gateway replaced after its Secret changed takes its entry with it. */
    private final Map<GraphGateway, Read> byTenant = Collections.synchronizedMap(new WeakHashMap<>());
    private final Clock clock;

    public VerifiedDomains(Clock clock) {
        this.clock = clock;
    }

    GraphResult<List<String>> of(GraphGateway graph) {
        Instant now = clock.instant();
        Read kept = byTenant.get(graph);
        if (kept != null && kept.at().plus(KEEP_FOR).isAfter(now)) {
            return kept.answer();
        }
        GraphResult<List<String>> read = graph.verifiedDomains();
        if (read.isSuccess()) {
            byTenant.put(graph, new Read(read, now));
        }
        return read;
    }
}
