package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.guestops.grr.decision.GuestLedger;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest's reset ledger as two annotations of its claim (the Lease {@code grr-guest-<object id>}):
 * the last reset's record and the intent of one about to be sent, each as the JSON of its status
 * field. On the claim, the ledger is written with the same optimistic locking as the claim itself,
 * outlives every resource naming the guest, and moves with the claim to the guest's next resource.
 */
public final class LedgerAnnotations {

    static final String LAST_RESET = "guestops.io/last-reset";
    static final String PENDING_RESET = "guestops.io/pending-reset";
    static final String EARLIER_REQUESTS = "guestops.io/earlier-requests";
    private static final Logger LOG = LoggerFactory.getLogger(LedgerAnnotations.class);

    private final KubernetesSerialization json;

    LedgerAnnotations(KubernetesSerialization json) {
        this.json = json;
    }

    /**
     * The guest's ledger as the cluster holds it, read without taking the claim (for `plan`).
     *
     * @param claimNamespace the operator's namespace, where the guests' claims live
     */
    public static GuestLedger readFrom(KubernetesClient client, String claimNamespace, String userId) {
        Lease lease = client.leases().inNamespace(claimNamespace).withName(GuestClaims.leaseName(userId)).get();
        return lease == null ? GuestLedger.EMPTY : new LedgerAnnotations(client.getKubernetesSerialization()).read(lease);
    }

    GuestLedger read(Lease lease) {
        Map<String, String> annotations = lease.getMetadata().getAnnotations();
        if (annotations == null) {
            return GuestLedger.EMPTY;
        }
        String[] earlier = parse(annotations.get(EARLIER_REQUESTS), String[].class, lease);
        return new GuestLedger(parse(annotations.get(LAST_RESET), ResetRecord.class, lease),
                parse(annotations.get(PENDING_RESET), PendingReset.class, lease), false,
                earlier == null ? List.of() : List.of(earlier));
    }

    /** Whether the ledger on {@code lease} is {@code expected} (the model classes compare by their JSON). */
    boolean holds(Lease lease, GuestLedger expected) {
        GuestLedger current = read(lease);
        return Objects.equals(jsonOf(current.last()), jsonOf(expected.last()))
                && Objects.equals(jsonOf(current.pending()), jsonOf(expected.pending()))
                && current.earlierRequests().equals(expected.earlierRequests());
    }

    private String jsonOf(Object value) {
        return value == null ? null : json.asJson(value);
    }

    void write(Lease lease, GuestLedger ledger) {
        Map<String, String> annotations = lease.getMetadata().getAnnotations() == null
                ? new HashMap<>() : new HashMap<>(lease.getMetadata().getAnnotations());
        put(annotations, LAST_RESET, ledger.last());
        put(annotations, PENDING_RESET, ledger.pending());
        put(annotations, EARLIER_REQUESTS, ledger.earlierRequests().isEmpty() ? null : ledger.earlierRequests());
        lease.getMetadata().setAnnotations(annotations);
    }

    private void put(Map<String, String> annotations, String key, Object value) {
        if (value == null) {
            annotations.remove(key);
        } else {
            annotations.put(key, json.asJson(value));
        }
    }

    /**
     * An annotation someone edited into something unreadable is treated as absent, loudly: failing
     * every pass of the guest would block it for good, and the resource's own status still guards it.
     */
    private <T> T parse(String value, Class<T> type, Lease lease) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return json.unmarshal(value, type);
        } catch (RuntimeException e) {
            LOG.error("The reset ledger on Lease {}/{} is unreadable and is ignored: {}", lease.getMetadata().getNamespace(),
                    lease.getMetadata().getName(), e.getMessage());
            return null;
        }
    }
}
