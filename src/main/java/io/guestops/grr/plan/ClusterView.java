package io.guestops.grr.plan;

import io.fabric8.kubernetes.client.KubernetesClient;
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

    /** The cluster's GuestRedemptionResets in every namespace, read once. */
    static ClusterView of(KubernetesClient client) {
        List<GuestRedemptionReset> all = client.resources(GuestRedemptionReset.class).inAnyNamespace().list().getItems();
        return new ClusterView() {
            @Override
            public Optional<GuestRedemptionReset> current(String namespace, String name) {
                return all.stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())
                        && name.equals(r.getMetadata().getName())).findFirst();
            }

            @Override
            public List<GuestRedemptionReset> all() {
                return all;
            }
        };
    }

    Optional<GuestRedemptionReset> current(String namespace, String name);

    List<GuestRedemptionReset> all();
}
