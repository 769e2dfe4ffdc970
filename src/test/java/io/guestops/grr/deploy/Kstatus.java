package io.guestops.grr.deploy;

import java.util.List;
import java.util.Map;

/**
 * kstatus' documented rules for a custom resource (sigs.k8s.io/cli-utils pkg/kstatus, used by Flux),
 * written out so a test can hold the operator's status to them:
 * <ol>
 *   <li>metadata.deletionTimestamp set: Terminating;</li>
 *   <li>status.observedGeneration present and different from metadata.generation: InProgress;</li>
 *   <li>the first of Reconciling / Stalled that is True: InProgress / Failed ("abnormal-true"
 *   conditions: absent means False);</li>
 *   <li>otherwise Current. That is why an object must never be left without conditions while
 *   work is pending: kstatus would call it Current.</li>
 * </ol>
 */
final class Kstatus {

    enum Status { CURRENT, IN_PROGRESS, FAILED, TERMINATING }

    private Kstatus() {
    }

    @SuppressWarnings("unchecked")
    static Status of(Map<String, Object> resource) {
        Map<String, Object> metadata = (Map<String, Object>) resource.getOrDefault("metadata", Map.of());
        if (metadata.get("deletionTimestamp") != null) {
            return Status.TERMINATING;
        }
        Map<String, Object> status = (Map<String, Object>) resource.get("status");
        if (status == null) {
            return Status.CURRENT;
        }
        Object observed = status.get("observedGeneration");
        Object generation = metadata.get("generation");
        if (observed != null && generation != null && ((Number) observed).longValue() != ((Number) generation).longValue()) {
            return Status.IN_PROGRESS;
        }
        for (Map<String, Object> condition : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of())) {
            boolean isTrue = "True".equals(condition.get("status"));
            if (isTrue && "Reconciling".equals(condition.get("type"))) {
                return Status.IN_PROGRESS;
            }
            if (isTrue && "Stalled".equals(condition.get("type"))) {
                return Status.FAILED;
            }
        }
        return Status.CURRENT;
    }
}
