package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.Map;

/** Test helpers for policies: write them as cluster admins write YAML, and the namespaces they select. */
final class Policies {

    private Policies() {
    }

    /** A policy from its spec in YAML. */
    static GuestRedemptionPolicy policy(String name, String specYaml) {
        String yaml = "apiVersion: guestops.io/v1alpha1\nkind: GuestRedemptionPolicy\nmetadata:\n  name: " + name + "\nspec:\n"
                + specYaml.indent(2);
        return Serialization.unmarshal(yaml, GuestRedemptionPolicy.class);
    }

    static GuestRedemptionPolicy apply(KubernetesClient client, String name, String specYaml) {
        return client.resource(policy(name, specYaml)).createOr(existing -> existing.update());
    }

    static void delete(KubernetesClient client, String name) {
        client.resources(GuestRedemptionPolicy.class).withName(name).delete();
    }

    static Namespace namespace(KubernetesClient client, String name, Map<String, String> labels) {
        return client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    static GuestRedemptionReset create(KubernetesClient client, String namespace, GuestRedemptionReset resource) {
        resource.getMetadata().setNamespace(namespace);
        return client.resource(resource).inNamespace(namespace).create();
    }

    static GuestRedemptionReset get(KubernetesClient client, String namespace, String name) {
        return client.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(name).get();
    }
}
