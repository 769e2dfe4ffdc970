package io.guestops.grr.metrics;

import io.guestops.grr.kube.KubernetesApiListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code grr_kubernetes_api_errors_total{verb,resource,code}}: requests to the Kubernetes API that
 * failed unexpectedly (a refusal, a server error, no answer), each attempt counted. Every label
 * comes from a fixed set ({@link io.guestops.grr.kube.KubernetesApiErrors}), never from a name.
 */
final class KubernetesApiMeters implements KubernetesApiListener {

    private final MeterRegistry registry;

    KubernetesApiMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void failed(String verb, String resource, String code) {
        Counter.builder("grr.kubernetes.api.errors")
                .description("Requests to the Kubernetes API that failed unexpectedly (HTTP 4xx/5xx other than a 404 on get, "
                        + "a 409 on a write, a 410 on list/watch; or no answer), each attempt counted")
                .tags("verb", verb, "resource", resource, "code", code)
                .register(registry)
                .increment();
    }
}
