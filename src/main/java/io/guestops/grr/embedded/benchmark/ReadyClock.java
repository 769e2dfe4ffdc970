package io.guestops.grr.embedded.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.guestops.grr.model.GuestRedemptionReset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times each resource from the moment it was applied to the first moment its status says Ready
 * (for the generation applied), through a watch, as {@code kubectl wait} would see it.
 */
final class ReadyClock implements AutoCloseable {

    private final Map<String, Long> appliedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final SharedIndexInformer<GuestRedemptionReset> informer;

    ReadyClock(KubernetesClient client, String namespace) {
        informer = client.resources(GuestRedemptionReset.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GuestRedemptionReset resource) {
                seen(resource);
            }

            @Override
            public void onUpdate(GuestRedemptionReset before, GuestRedemptionReset after) {
                seen(after);
            }

            @Override
            public void onDelete(GuestRedemptionReset resource, boolean finalStateUnknown) {
            }
        });
    }

    void applied(String name) {
        appliedAt.putIfAbsent(name, System.nanoTime());
    }

    private void seen(GuestRedemptionReset resource) {
        String name = resource.getMetadata().getName();
        // Only resources applied while the clock runs count (not the warm-up).
        if (appliedAt.containsKey(name) && resource.hasSettled() && resource.getStatus().conditionIsTrue("Ready")) {
            readyAt.putIfAbsent(name, System.nanoTime());
        }
    }

    int readyCount() {
        return readyAt.size();
    }

    /** From the first apply to the last Ready seen. */
    Duration span() {
        long first = appliedAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long last = readyAt.values().stream().mapToLong(Long::longValue).max().orElse(first);
        return Duration.ofNanos(last - first);
    }

    List<Duration> timesToReady() {
        List<Duration> times = new ArrayList<>();
        readyAt.forEach((name, ready) -> {
            Long applied = appliedAt.get(name);
            if (applied != null) {
                times.add(Duration.ofNanos(ready - applied));
            }
        });
        return times;
    }

    @Override
    public void close() {
        informer.close();
    }
}
