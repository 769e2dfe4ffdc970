package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.model.GuestRedemptionReset;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a Kubernetes Event for every Graph write, so `kubectl describe` shows the history. An event
 * that cannot be written is logged and dropped: events are a courtesy, never a reason to fail.
 */
final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    static final String COMPONENT = "guest-redemption-operator";

    private final KubernetesClient client;

    EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    void normal(GuestRedemptionReset resource, String reason, String message) {
        record(resource, "Normal", reason, message);
    }

    void warning(GuestRedemptionReset resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(GuestRedemptionReset resource, String type, String reason, String message) {
        String now = Instant.now().toString();
        String namespace = resource.getMetadata().getNamespace();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
                        .withName(resource.getMetadata().getName()).withNamespace(namespace)
                        .withUid(resource.getMetadata().getUid())
                        .withResourceVersion(resource.getMetadata().getResourceVersion()).build())
                .withType(type).withReason(reason).withMessage(message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} for {}/{}: HTTP {}", reason, namespace, resource.getMetadata().getName(), e.getCode());
        }
    }
}
