package io.guestops.grr.metrics;

import io.guestops.grr.graph.gateway.GraphCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * {@code grr_graph_calls_total{route,method,outcome}}, {@code grr_graph_retry_after_seconds_total}, and the
 * rates each (application, tenant) is paced to: {@code grr_graph_paced_writes_per_150s} and
 * {@code grr_graph_paced_resource_units_per_10s}.
 */
final class GraphCallMeters implements GraphCallListener {

    private final MeterRegistry registry;
    private final Counter retryAfterSeconds;

    GraphCallMeters(MeterRegistry registry) {
        this.registry = registry;
        this.retryAfterSeconds = Counter.builder("grr.graph.retry.after.seconds")
                .description("Seconds Graph asked the operator to wait (Retry-After on 429 and 503 answers)")
                .register(registry);
    }

    @Override
    public void exchanged(String route, String method, String outcome) {
        Counter.builder("grr.graph.calls")
                .description("HTTP exchanges with Microsoft Graph and its token authority, each attempt counted")
                .tags("route", Labels.route(route), "method", Labels.method(method), "outcome", outcome)
                .register(registry)
                .increment();
    }

    @Override
    public void askedToWait(Duration wait) {
        retryAfterSeconds.increment(wait.toMillis() / 1000.0);
    }

    @Override
    public void pacing(String applicationId, String tenantId, DoubleSupplier writesPer150s, DoubleSupplier resourceUnitsPer10s) {
        // Registering again (a gateway rebuilt for a rotated secret) keeps the first gauge: the budget is the same.
        Gauge.builder("grr.graph.paced.writes.per.150s", writesPer150s::getAsDouble)
                .description("Writes per 150 s the operator paces to for this application and tenant (lower than configured after Graph's refusals)")
                .tags("application", String.valueOf(applicationId), "tenant", String.valueOf(tenantId))
                .register(registry);
        Gauge.builder("grr.graph.paced.resource.units.per.10s", resourceUnitsPer10s::getAsDouble)
                .description("Resource units per 10 s the operator paces to for this application and tenant (lower than configured after Graph's refusals)")
                .tags("application", String.valueOf(applicationId), "tenant", String.valueOf(tenantId))
                .register(registry);
    }
}
