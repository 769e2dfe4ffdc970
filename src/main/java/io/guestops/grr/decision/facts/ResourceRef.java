package io.guestops.grr.decision.facts;

import java.time.Instant;
import java.util.Comparator;

/** A GuestRedemptionReset as the one-owner-per-guest rule sees it: who it is and when it was created. */
public record ResourceRef(String namespace, String name, Instant createdAt) {

    /** Oldest first; resources created in the same second are ordered by namespace, then name. */
    static final Comparator<ResourceRef> AGE = Comparator.comparing(ResourceRef::createdAt,
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ResourceRef::namespace).thenComparing(ResourceRef::name);

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
