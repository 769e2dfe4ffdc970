package io.guestops.grr.metrics;

import io.guestops.grr.graph.GraphCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** {@code grr_graph_calls_total{route,method,outcome}} and {@code grr_graph_retry_after_seconds_total}. */
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
}
