package io.guestops.grr.plan;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.policy.NamespaceSelection;
import io.guestops.grr.model.GuestRedemptionPolicy;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.kube.LedgerAnnotations;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.List;
import java.util.Optional;

/**
 * The GuestRedemptionResets a cluster already has, as the operator's cache would show them: their
 * status (so a settled resource plans nothing) and the resources not in the files that may name
 * the same guest.
 */
public interface ClusterView {

    /** No cluster: every resource in the files is new. */
    ClusterView NONE = new ClusterView() {
        @Override
        public Optional<GuestRedemptionReset> current(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public List<GuestRedemptionReset> all() {
            return List.of();
        }
    };

    /**
     * The cluster's GuestRedemptionResets in every namespace, its guardrail policies and its
     * namespaces' labels, read once.
     *
     * @param policiesOn judge with the cluster's policies, as {@code run} does by default; false as
     *                 {@code run --no-policies} (or a cluster without the policy CRD) does
     */
    static ClusterView of(KubernetesClient client, boolean policiesOn) {
        return of(client, policiesOn, OperatorSettings.defaults().claimNamespace());
    }

    /**
     * @param claimNamespace the operator's namespace, where the guests' claims and their reset ledgers live
     */
    static ClusterView of(KubernetesClient client, boolean policiesOn, String claimNamespace) {
        List<GuestRedemptionReset> all = client.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems();
        List<GuestRedemptionPolicy> policies = policiesOn ? policiesOf(client) : null;
        Map<String, Map<String, String>> labels = new HashMap<>();
        if (policies != null) {
            client.namespaces().list().getItems().forEach(namespace -> labels.put(namespace.getMetadata().getName(),
                    namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels()));
        }
        return new ClusterView() {
            @Override
            public Guardrails guardrailsFor(String namespace) {
                if (policies == null) {
                    return Guardrails.OFF;
                }
                Map<String, String> namespaceLabels = labels.getOrDefault(namespace, Map.of());
                return Guardrails.of(namespace, policies.stream().filter(p -> p.getSpec() != null
                        && NamespaceSelection.selects(p.getSpec().getNamespaceSelector(), namespaceLabels)).toList());
            }

            @Override
            public Optional<GuestRedemptionReset> current(String namespace, String name) {
                return all.stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())
                        && name.equals(r.getMetadata().getName())).findFirst();
            }

            @Override
            public List<GuestRedemptionReset> all() {
                return all;
            }

            @Override
            public GuestLedger ledgerOf(String userId) {
                return LedgerAnnotations.readFrom(client, claimNamespace, userId);
            }

            @Override
            public Optional<ResolvedGuest> resolutionFor(GuestRedemptionResetSpec spec) {
                return LedgerAnnotations.resolutionFor(client, claimNamespace, spec);
            }
        };
    }

    /** The policies as the operator would judge a resource of {@code namespace} by them. */
    default Guardrails guardrailsFor(String namespace) {
        return Guardrails.OFF;
    }

    /** The cluster's policies, or null when it has no policy CRD (policies cannot be on there). */
    private static List<GuestRedemptionPolicy> policiesOf(KubernetesClient client) {
        try {
            return client.resources(GuestRedemptionPolicy.class).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    Optional<GuestRedemptionReset> current(String namespace, String name);

    /** The guest's resolution kept on its claim, for a resource without status whose request the ledger holds. */
    default Optional<ResolvedGuest> resolutionFor(GuestRedemptionResetSpec spec) {
        return Optional.empty();
    }

    /** The guest's reset ledger as the cluster holds it; EMPTY without a cluster. */
    default GuestLedger ledgerOf(String userId) {
        return GuestLedger.EMPTY;
    }

    List<GuestRedemptionReset> all();
}
