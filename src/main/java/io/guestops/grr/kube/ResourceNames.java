package io.guestops.grr.kube;

import io.guestops.grr.model.GuestRedemptionReset;

/** How log lines name a resource, and its generation as status records it. */
final class ResourceNames {

    private ResourceNames() {
    }

    static String of(GuestRedemptionReset resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    static long generationOf(GuestRedemptionReset resource) {
        Long generation = resource.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
