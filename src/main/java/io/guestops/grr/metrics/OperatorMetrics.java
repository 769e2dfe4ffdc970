package io.guestops.grr.metrics;

import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.KubernetesApiListener;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The metrics of one operator process, in one Prometheus registry: hand {@link #instrumentation()}
 * to the operator, point {@link #readResourcesFrom} at its cache, and serve {@link #scrape()} on
 * the health port's /metrics.
 */
public final class OperatorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ResourceGauges resources;
    private final Instrumentation instrumentation;
    private final KubernetesApiMeters kubernetesApi;

    public OperatorMetrics(Clock clock) {
        resources = new ResourceGauges(registry, clock);
        // Per-resource metrics would carry resource names as labels; the totals are what alerts need.
        instrumentation = new Instrumentation(MicrometerMetrics.withoutPerResourceMetrics(registry),
                new GraphCallMeters(registry), new ReconcileMeters(registry));
        kubernetesApi = new KubernetesApiMeters(registry);
    }

    /** What the operator and its Graph gateways report to. */
    public Instrumentation instrumentation() {
        return instrumentation;
    }

    /** What the Kubernetes client reports its unexpected failures to (through {@link io.guestops.grr.kube.KubernetesApiErrors}). */
    public KubernetesApiListener kubernetesApi() {
        return kubernetesApi;
    }

    /** The resources the gauges count: the running operator's informer cache. */
    public void readResourcesFrom(Supplier<Stream<GuestRedemptionReset>> cache) {
        resources.readFrom(cache);
    }

    /**
     * {@code grr_shard_info}, always 1, labelled with the shard this process reconciles: its label
     * selector and its namespaces ({@code *} for none given: every resource, every namespace), so a
     * dashboard can tell the shards' replicas apart.
     */
    public void describeShard(String selector, Set<String> namespaces) {
        Gauge.builder("grr.shard.info", () -> 1)
                .description("The shard this operator reconciles: its label selector and namespaces (* = all)")
                .tag("selector", selector == null ? "*" : selector)
                .tag("namespaces", namespaces.isEmpty() ? "*" : String.join(",", new TreeSet<>(namespaces)))
                .register(registry);
    }

    /** Every metric in Prometheus text format, the cache-derived gauges computed now. */
    public synchronized String scrape() {
        resources.refresh();
        return registry.scrape();
    }
}
