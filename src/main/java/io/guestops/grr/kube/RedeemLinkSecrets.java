package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.guestops.grr.decision.outcome.RedeemLinkStorage;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.RedeemLink;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.InvitationSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a reset's redeem link into the Secret the spec names, the one place it may go. The Secret
 * is controlled by the resource (an ownerReference, so Kubernetes' garbage collector deletes it
 * with the resource) and is replaced by the next reset's link. A Secret of the same name that the
 * resource does not control is never overwritten. Failures are reported, never thrown: the reset
 * they follow has taken effect and must be recorded whatever happens here. Neither the link nor
 * the API server's messages (which could echo a request) reach a log line or a status.
 */
final class RedeemLinkSecrets {

    static final String LINK_KEY = "inviteRedeemUrl";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

    private static final Logger LOG = LoggerFactory.getLogger(RedeemLinkSecrets.class);

    private final KubernetesClient client;

    RedeemLinkSecrets(KubernetesClient client) {
        this.client = client;
    }

    /** The Secret the resource asks its redeem links to be written to, or null when it asks for none. */
    static String askedFor(GuestRedemptionReset resource) {
        InvitationSpec invitation = resource.getSpec() == null ? null : resource.getSpec().getInvitation();
        String name = invitation == null ? null : invitation.getRedeemLinkSecret();
        return name == null || name.isBlank() ? null : name.trim();
    }

    /**
     * Who holds the named Secret when it exists and this resource does not control it, said for a
     * condition message; empty when the Secret is free or already this resource's (or cannot be
     * read now: then writing it reports the problem).
     */
    Optional<String> heldByAnother(GuestRedemptionReset resource, String secretName) {
        try {
            Secret existing = secrets(resource).withName(secretName).get();
            if (existing == null || controlledBy(existing, resource)) {
                return Optional.empty();
            }
            return Optional.of(existing.getMetadata().getOwnerReferences().stream()
                    .filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst()
                    .map(ref -> "belongs to " + ref.getKind() + " " + ref.getName())
                    .orElse("is not owned by this resource"));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** Creates or replaces the Secret with the link of {@code invitation}, a reset of {@code userId} to {@code email}. */
    RedeemLinkStorage store(GuestRedemptionReset resource, String secretName, IssuedInvitation invitation, String userId,
                            String email, Instant issuedAt) {
        RedeemLink link = invitation.redeemLink();
        if (link == null) {
            return RedeemLinkStorage.failed(secretName, "Graph's answer carried no redeem link");
        }
        try {
            Secret existing = secrets(resource).withName(secretName).get();
            if (existing != null && !controlledBy(existing, resource)) {
                return RedeemLinkStorage.failed(secretName, "the Secret exists and is not owned by this resource");
            }
            Secret secret = secretFor(resource, secretName, existing, data(link, invitation, userId, email, issuedAt));
            if (existing == null) {
                secrets(resource).resource(secret).create();
            } else {
                secrets(resource).resource(secret).update();
            }
            LOG.info("{}: stored the redeem link of invitation {} in Secret {}", ResourceNames.of(resource), invitation.id(),
                    secretName);
            return RedeemLinkStorage.stored(secretName);
        } catch (RuntimeException e) {
            // Whatever failed, the reset took effect and must still be recorded by the caller.
            String problem = describe(e);
            LOG.warn("{}: could not store the redeem link of invitation {} in Secret {}: {}", ResourceNames.of(resource),
                    invitation.id(), secretName, problem);
            return RedeemLinkStorage.failed(secretName, problem);
        }
    }

    /** The HTTP status and reason only: the API server's message could echo the request, link included. */
    private static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException api) {
            return "the Kubernetes API answered HTTP " + api.getCode()
                    + (api.getStatus() == null || api.getStatus().getReason() == null ? "" : " " + api.getStatus().getReason());
        }
        return "an unexpected " + e.getClass().getSimpleName();
    }

    private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets(GuestRedemptionReset resource) {
        return client.secrets().inNamespace(resource.getMetadata().getNamespace());
    }

    private static boolean controlledBy(Secret secret, GuestRedemptionReset resource) {
        return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()) && ref.getUid() != null
                        && ref.getUid().equals(resource.getMetadata().getUid()));
    }

    private static Map<String, String> data(RedeemLink link, IssuedInvitation invitation, String userId, String email,
                                            Instant issuedAt) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(LINK_KEY, link.reveal());
        values.put("userId", userId);
        values.put("email", email);
        values.put("invitationId", invitation.id());
        values.put("issuedAt", issuedAt.toString());
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return data;
    }

    /** Controller owner, not blocking the owner's deletion: the link goes with the resource and never holds it back. */
    private static Secret secretFor(GuestRedemptionReset resource, String secretName, Secret existing, Map<String, String> data) {
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
                .withName(resource.getMetadata().getName()).withUid(resource.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(false).build();
        return new SecretBuilder()
                .withNewMetadata().withName(secretName).withNamespace(resource.getMetadata().getNamespace())
                .withResourceVersion(existing == null ? null : existing.getMetadata().getResourceVersion())
                .addToLabels(MANAGED_BY_LABEL, EventRecorder.COMPONENT).withOwnerReferences(owner).endMetadata()
                .withType("Opaque").withData(data).build();
    }
}
