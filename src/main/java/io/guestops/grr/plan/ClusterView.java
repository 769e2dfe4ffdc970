package io.guestops.grr.plan;

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

    Optional<GuestRedemptionReset> current(String namespace, String name);

    List<GuestRedemptionReset> all();
}
