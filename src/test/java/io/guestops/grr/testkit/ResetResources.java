package io.guestops.grr.testkit;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestReference;

/** GuestRedemptionResets as a test writes them: a guest and a desired email, the spec's defaults for the rest. */
public final class ResetResources {

    private ResetResources() {
    }

    public static GuestRedemptionReset of(String namespace, String name, GuestReference guest, String desiredEmail) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(guest);
        spec.setDesiredEmail(desiredEmail);
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        resource.setSpec(spec);
        return resource;
    }

    /**
     * The manifest of a resource in "default", as a person writes it for kubectl apply.
     *
     * @param guest the guest reference's one member, such as {@code userId: <object id>} or {@code email: <mail>}
     */
    public static String manifest(String name, String guest, String desiredEmail) {
        return withoutSpec(name) + """
                spec:
                  guest: {%s}
                  desiredEmail: %s
                """.formatted(guest, desiredEmail);
    }

    /** A manifest's apiVersion, kind and metadata (in "default"): the test adds a spec of its own, or none. */
    public static String withoutSpec(String name) {
        return """
                apiVersion: guestops.io/v1alpha1
                kind: GuestRedemptionReset
                metadata: {name: %s, namespace: default}
                """.formatted(name);
    }
}
