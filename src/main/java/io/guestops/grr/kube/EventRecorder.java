package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.guestops.grr.decision.step.EventNote;
import io.guestops.grr.model.GuestRedemptionReset;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the Events a pass leaves, aggregated as Kubernetes aggregates them: the same (object,
 * type, reason, message) again bumps {@code count} and {@code lastTimestamp} of one Event instead
 * of adding another. The Event's name is derived from those fields, so aggregation survives a
 * restart of the operator. An Event that cannot be written is logged as an ERROR, with what it
 * says, and dropped: a lost Event must not fail the pass, yet most Events are the audit record of
 * a Graph write, so the log keeps that record instead.
 */
final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    static final String COMPONENT = "guest-redemption-operator";

    private final KubernetesClient client;
    private final Clock clock;

    EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void record(GuestRedemptionReset resource, EventNote note) {
        String namespace = resource.getMetadata().getNamespace();
        String type = note.warning() ? "Warning" : "Normal";
        String name = resource.getMetadata().getName() + "." + fingerprint(resource.getMetadata().getUid(), type, note);
        String now = clock.instant().toString();
        var events = client.v1().events().inNamespace(namespace);
        try {
            // Most Events are new: create first, and read the existing one only when the name is taken.
            events.resource(newEvent(resource, name, type, note, now)).create();
        } catch (KubernetesClientException created) {
            if (created.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                logLost(resource, note, created);
                return;
            }
            countAgain(events, name, now, resource, note);
        }
    }

    private static void countAgain(NonNamespaceOperation<Event, EventList, Resource<Event>> events, String name, String now,
                                   GuestRedemptionReset resource, EventNote note) {
        try {
            Event existing = events.withName(name).get();
            if (existing == null) {
                return; // deleted in between: nothing left to aggregate into
            }
            existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
            existing.setLastTimestamp(now);
            events.resource(existing).update();
        } catch (KubernetesClientException e) {
            logLost(resource, note, e);
        }
    }

    /**
     * The Event's reason and message name the Graph write. The message is as safe in the log as in
     * the Event: Graph's texts in it were scrubbed of secrets and redeem links by the gateway, and
     * a redeem link never enters a message (it goes to its Secret only).
     */
    private static void logLost(GuestRedemptionReset resource, EventNote note, KubernetesClientException failure) {
        LOG.error("Could not record Event {} for {} ({}); it said: {}", note.reason(), ResourceNames.of(resource),
                describe(failure), note.message());
    }

    private static String describe(KubernetesClientException failure) {
        return failure.getCode() > 0 ? "HTTP " + failure.getCode() : "no answer from the API server: " + failure.getCause();
    }

    private static Event newEvent(GuestRedemptionReset resource, String name, String type, EventNote note, String now) {
        String namespace = resource.getMetadata().getNamespace();
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
                        .withName(resource.getMetadata().getName()).withNamespace(namespace)
                        .withUid(resource.getMetadata().getUid()).build())
                .withType(type).withReason(note.reason()).withMessage(note.message())
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
    }

    private static String fingerprint(String uid, String type, EventNote note) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((uid + "\n" + type + "\n" + note.reason() + "\n"
                    + note.message()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
