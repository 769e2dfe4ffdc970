package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.policy.NamespaceSelection;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The policies and namespace labels the operator sees, from two informers that are also event
 * sources: a policy created, changed or deleted re-evaluates the resources it covers (in the
 * namespaces it selects, and those it admitted), and a namespace relabelled re-evaluates the
 * resources in it, at once rather than at the next resync.
 */
final class GuestPolicies {

    private final boolean enforced;
    private InformerEventSource<GuestRedemptionPolicy, GuestRedemptionReset> policies;
    private InformerEventSource<Namespace, GuestRedemptionReset> namespaces;

    GuestPolicies(boolean enforced) {
        this.enforced = enforced;
    }

    boolean enforced() {
        return enforced;
    }

    /** The event sources to register; none with policies off (and no RBAC on policies or namespaces needed). */
    List<EventSource<?, GuestRedemptionReset>> eventSources(EventSourceContext<GuestRedemptionReset> context) {
        if (!enforced) {
            return List.of();
        }
        namespaces = new InformerEventSource<>(InformerEventSourceConfiguration.from(Namespace.class, GuestRedemptionReset.class)
                .withName("namespace-labels")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(namespace -> resourcesIn(context, namespace.getMetadata().getName()))
                .build(), context);
        policies = new InformerEventSource<>(InformerEventSourceConfiguration.from(GuestRedemptionPolicy.class,
                        GuestRedemptionReset.class)
                .withName("guest-redemption-policies")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(policy -> coveredBy(context, policy))
                .build(), context);
        return List.of(namespaces, policies);
    }

    /**
     * The policies that apply to {@code resource}: those selecting its namespace (none known: none apply).
     *
     * @throws CacheUnavailable when the informers are not running (JOSDK stops them, emptying their
     *                          caches, before the passes under way end): an empty list then is no
     *                          evidence that no policy selects the namespace, and the pass must not
     *                          write PolicyDenied on it; or when the namespace has not reached its
     *                          informer yet
     */
    Guardrails guardrailsFor(GuestRedemptionReset resource) {
        if (!enforced) {
            return Guardrails.OFF;
        }
        String namespace = resource.getMetadata().getNamespace();
        Map<String, String> labels = labelsOfSeen(namespace);
        List<GuestRedemptionPolicy> selecting = policies.list(p -> p.getSpec() != null
                && NamespaceSelection.selects(p.getSpec().getNamespaceSelector(), labels)).toList();
        // Checked after reading: JOSDK marks a source stopped before it empties its cache, so a source
        // still running now read from a live cache.
        requireLive(namespaces);
        requireLive(policies);
        return Guardrails.of(namespace, selecting);
    }

    private static void requireLive(InformerEventSource<?, GuestRedemptionReset> source) {
        if (!source.isRunning()) {
            throw new CacheUnavailable("the informer '" + source.name() + "' is not running (stopping): the policies cannot be judged");
        }
    }

    /**
     * The labels of a resource's namespace, which exists as long as the resource does (the API server
     * refuses an object in a missing namespace and deletes a namespace's objects before it). So a
     * namespace the informer has not seen was created a moment ago (a GitOps sync applies it with its
     * resources) and its event is still on its way: "no labels, no policy selects it" would write a
     * false PolicyDenied, Stalled for kstatus, until the event arrives.
     *
     * @throws CacheUnavailable when the informer has not seen the namespace (yet)
     */
    private Map<String, String> labelsOfSeen(String namespace) {
        Namespace seen = namespaces.get(new ResourceID(namespace)).orElseThrow(() -> new CacheUnavailable(
                "namespace '" + namespace + "' is not in the informer's cache yet: the policies cannot be judged"));
        return seen.getMetadata().getLabels() == null ? Map.of() : seen.getMetadata().getLabels();
    }

    private Map<String, String> labelsOf(String namespace) {
        return namespaces.get(new ResourceID(namespace)).map(n -> n.getMetadata().getLabels()).orElse(Map.of());
    }

    private static Set<ResourceID> resourcesIn(EventSourceContext<GuestRedemptionReset> context, String namespace) {
        return context.getPrimaryCache().list(namespace).map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /** Resources in the namespaces the policy selects, and those it admitted (they may no longer be selected). */
    private Set<ResourceID> coveredBy(EventSourceContext<GuestRedemptionReset> context, GuestRedemptionPolicy policy) {
        String name = policy.getMetadata().getName();
        return context.getPrimaryCache().list(resource -> admittedBy(resource, name) || (policy.getSpec() != null
                        && NamespaceSelection.selects(policy.getSpec().getNamespaceSelector(), labelsOf(resource.getMetadata().getNamespace()))))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    private static boolean admittedBy(GuestRedemptionReset resource, String policy) {
        return resource.getStatus() != null && Objects.equals(resource.getStatus().getAdmittedBy(), policy);
    }
}
