package io.guestops.grr.decision.ownership;

import java.util.Optional;

/**
 * The resource that holds a guest's claim, as the Lease's holderIdentity names it:
 * {@code namespace/name/uid}. The uid tells a deleted and re-created resource of the same name
 * from the one that took the claim.
 */
public record ClaimHolder(String namespace, String name, String uid) {

    /** The holderIdentity this holder writes into the Lease. */
    public String identity() {
        return namespace + "/" + name + "/" + uid;
    }

    /** The holder a Lease names, or empty for an identity the operator did not write (then nobody holds it). */
    public static Optional<ClaimHolder> parse(String identity) {
        if (identity == null) {
            return Optional.empty();
        }
        String[] parts = identity.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClaimHolder(parts[0], parts[1], parts[2]));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
