package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The one place that knows which permissions the operator needs before it can start: list and
 * watch for every informer {@link GuestOperator#start} registers, and with leader election what
 * JOSDK checks on the Lease. Without any of them JOSDK or Fabric8 fail the start with stack traces
 * that do not say which permission is missing; `run` asks for them first and names the missing ones.
 * An informer added to the operator adds its permissions here.
 */
public final class OperatorPermissions {

    /** What an informer does before it serves its cache: it lists, then watches from that version. */
    static final List<String> INFORMER_VERBS = List.of("list", "watch");

    /** What JOSDK's leader election does with its Lease: it refuses to start without all three. */
    public static final List<String> LEASE_VERBS = List.of("get", "create", "update");

    /** Why the operator needs a permission, as the refusal names it. */
    public enum Purpose {
        INFORMERS("what its informers watch"),
        LEASE("its Lease");

        private final String phrase;

        Purpose(String phrase) {
            this.phrase = phrase;
        }

        public String phrase() {
            return phrase;
        }
    }

    /**
     * One verb on one resource type, in one namespace or cluster-wide.
     *
     * @param group     the API group, "" for the core group
     * @param resource  the plural resource name
     * @param namespace null: cluster-wide (every namespace, or a cluster-scoped resource)
     */
    public record Permission(String verb, String group, String resource, String namespace, Purpose purpose) {

        /** The resource as kubectl and RBAC errors name it: {@code secrets}, {@code leases.coordination.k8s.io}. */
        public String qualifiedResource() {
            return group.isEmpty() ? resource : resource + "." + group;
        }

        public String scope() {
            return namespace == null ? "cluster-wide" : "in namespace " + namespace;
        }
    }

    private OperatorPermissions() {
    }

    /** Every permission the operator started with {@code settings} needs before it can start, in the order to report them. */
    public static List<Permission> neededBy(OperatorSettings settings) {
        List<Permission> needed = new ArrayList<>();
        // The controller's informer watches only the watched namespaces, but GuestPeers' informer of
        // every shard watches all of them: the cluster-wide grant covers both.
        needed.addAll(informerOf(GuestRedemptionReset.class, null));
        if (settings.policies()) {
            needed.addAll(informerOf(GuestRedemptionPolicy.class, null));
            needed.addAll(informerOf(Namespace.class, null));
        }
        // ConnectionSecrets' informer watches the namespaces the controller watches.
        for (String namespace : watchedNamespaces(settings)) {
            needed.addAll(informerOf(Secret.class, namespace));
        }
        if (settings.leaderElection() != null) {
            for (String verb : LEASE_VERBS) {
                needed.add(permission(verb, Lease.class, settings.leaderElection().leaseNamespace(), Purpose.LEASE));
            }
        }
        return List.copyOf(needed);
    }

    /** A null entry stands for every namespace. */
    private static List<String> watchedNamespaces(OperatorSettings settings) {
        return settings.namespaces().isEmpty() ? Collections.singletonList(null) : List.copyOf(new TreeSet<>(settings.namespaces()));
    }

    private static List<Permission> informerOf(Class<? extends HasMetadata> type, String namespace) {
        return INFORMER_VERBS.stream().map(verb -> permission(verb, type, namespace, Purpose.INFORMERS)).toList();
    }

    private static Permission permission(String verb, Class<? extends HasMetadata> type, String namespace, Purpose purpose) {
        return new Permission(verb, HasMetadata.getGroup(type), HasMetadata.getPlural(type), namespace, purpose);
    }
}
