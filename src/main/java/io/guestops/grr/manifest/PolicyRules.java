package io.guestops.grr.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.policy.GuestFacts;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.policy.NamespaceSelection;
import io.guestops.grr.decision.policy.PolicyCheck;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guardrail policies, judged offline with the operator's own {@link PolicyCheck}: every rule
 * that needs no Graph fact (namespace selection, connection, invitation, desired domain). Guest
 * rules (domains, groups, ids) and the host tenant's domains need the tenant: {@code plan} judges
 * them. A namespace's labels come from the Namespace manifests given with the policies; every
 * namespace carries {@code kubernetes.io/metadata.name}, as on a real cluster.
 */
public final class PolicyRules implements ResourceCheck {

    private static final String POLICY_KIND = HasMetadata.getKind(GuestRedemptionPolicy.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<GuestRedemptionPolicy> policies;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final String defaultNamespace;

    private PolicyRules(List<GuestRedemptionPolicy> policies, Map<String, Map<String, String>> namespaceLabels,
                        String defaultNamespace) {
        this.policies = policies;
        this.namespaceLabels = namespaceLabels;
        this.defaultNamespace = defaultNamespace;
    }

    /**
     * The policies and Namespaces in {@code manifests}; other documents are left alone.
     *
     * @param defaultNamespace the namespace of resources that name none
     */
    public static PolicyRules from(ManifestReader.Manifests manifests, String defaultNamespace) {
        List<GuestRedemptionPolicy> policies = new java.util.ArrayList<>();
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (ManifestDocument document : manifests.documents()) {
            if (document.kind().equals(POLICY_KIND)) {
                policies.add(JSON.convertValue(document.content(), GuestRedemptionPolicy.class));
            } else if (document.kind().equals("Namespace") && !document.name().isEmpty()) {
                Map<String, String> declared = new LinkedHashMap<>();
                document.content().path("metadata").path("labels").properties()
                        .forEach(label -> declared.put(label.getKey(), label.getValue().asText()));
                labels.put(document.name(), declared);
            }
        }
        return new PolicyRules(List.copyOf(policies), labels, defaultNamespace);
    }

    public int policyCount() {
        return policies.size();
    }

    @Override
    public List<ManifestProblem> check(ManifestDocument document, GuestRedemptionReset resource) {
        String named = resource.getMetadata().getNamespace();
        String namespace = named == null || named.isBlank() ? defaultNamespace : named;
        Map<String, String> labels = new HashMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
        labels.put("kubernetes.io/metadata.name", namespace);
        List<GuestRedemptionPolicy> selecting = policies.stream()
                .filter(policy -> NamespaceSelection.selects(policy.getSpec().getNamespaceSelector(), labels)).toList();
        Admission admission = PolicyCheck.admit(Guardrails.of(namespace, selecting), resource.getSpec(), GuestFacts.UNREAD);
        if (admission instanceof Admission.Denied denied) {
            return List.of(new ManifestProblem(document.file(), document.lineOf("spec"), document.name(), "spec",
                    "would end Stalled/PolicyDenied: " + denied.message()));
        }
        return List.of();
    }
}
