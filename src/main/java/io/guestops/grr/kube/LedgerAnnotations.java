package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.util.HashMap;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    /** The guest's object id and its mail before the operator first changed it: how a resource found it. */
    static final String USER_ID = "guestops.io/user-id";
    static final String PREVIOUS_EMAIL = "guestops.io/previous-email";
    /** A label (annotations cannot be selected): a hash of the previous mail, to find the claim by it. */
    static final String PREVIOUS_EMAIL_HASH = "guestops.io/previous-email-hash";
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

    /**
     * How the guest was found, as the resource that first claimed it resolved it: its object id, and
     * its mail before the operator changed it. A resource re-created without status (deleted and
     * applied again, moved, restored) resolves the guest the same way from here: by a
     * {@code guest.email} that the reset has since moved away from {@code mail}, and with the mail a
     * policy judges the guest by. Kept once written: it describes the guest before any change.
     */
    static void markResolution(Lease lease, ResolvedGuest guest) {
        if (guest == null || guest.userId() == null || lease.getMetadata().getAnnotations() != null
                && lease.getMetadata().getAnnotations().containsKey(USER_ID)) {
            return;
        }
        Map<String, String> annotations = lease.getMetadata().getAnnotations() == null
                ? new HashMap<>() : new HashMap<>(lease.getMetadata().getAnnotations());
        annotations.put(USER_ID, guest.userId());
        Map<String, String> labels = lease.getMetadata().getLabels() == null
                ? new HashMap<>() : new HashMap<>(lease.getMetadata().getLabels());
        if (guest.previousEmail() != null) {
            annotations.put(PREVIOUS_EMAIL, guest.previousEmail());
            labels.put(PREVIOUS_EMAIL_HASH, hashOf(guest.previousEmail()));
        }
        lease.getMetadata().setAnnotations(annotations);
        lease.getMetadata().setLabels(labels);
    }

    /**
     * The guest's resolution kept on its claim, for a resource whose status has none, when the
     * claim's ledger holds the very request the spec asks (done or under way): the resource is one
     * re-created, moved or restored, not a new request, which resolves its guest from Graph as any
     * new resource does. By {@code guest.userId}, the claim of that user; by {@code guest.email}, the
     * one claim whose guest had that mail before the operator changed it (none when several had).
     */
    public static Optional<ResolvedGuest> resolutionFor(KubernetesClient client, String claimNamespace,
                                                        GuestRedemptionResetSpec spec) {
        GuestReference guest = spec.getGuest();
        List<Lease> leases;
        if (guest.getUserId() != null && !guest.getUserId().isBlank()) {
            Lease lease = client.leases().inNamespace(claimNamespace).withName(GuestClaims.leaseName(guest.getUserId())).get();
            leases = lease == null ? List.of() : List.of(lease);
        } else if (guest.getEmail() != null && !guest.getEmail().isBlank()) {
            leases = client.leases().inNamespace(claimNamespace).withLabel(PREVIOUS_EMAIL_HASH, hashOf(guest.getEmail())).list()
                    .getItems();
        } else {
            return Optional.empty();
        }
        LedgerAnnotations codec = new LedgerAnnotations(client.getKubernetesSerialization());
        List<ResolvedGuest> found = leases.stream()
                .filter(lease -> codec.read(lease).holdsRequest(resolutionOf(lease).map(ResolvedGuest::userId).orElse(null), spec))
                .map(LedgerAnnotations::resolutionOf).flatMap(Optional::stream)
                .filter(r -> guest.getEmail() == null || Emails.same(guest.getEmail(), r.previousEmail())).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static Optional<ResolvedGuest> resolutionOf(Lease lease) {
        Map<String, String> annotations = lease.getMetadata().getAnnotations();
        if (annotations == null || annotations.get(USER_ID) == null) {
            return Optional.empty();
        }
        return Optional.of(new ResolvedGuest(annotations.get(USER_ID), annotations.get(PREVIOUS_EMAIL)));
    }

    /** Case-folded as Entra compares addresses; 40 hex characters fit a label value. */
    private static String hashOf(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.trim().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
