package io.guestops.grr.kube;

import io.guestops.grr.graph.GraphGateway;
import io.guestops.grr.model.GuestRedemptionReset;

/** Gives the Graph gateway for the tenant a resource names (its connection, or the operator default). */
public interface GatewayProvider {

    /**
     * @throws ConnectionProblem when the resource's connection cannot be used (missing Secret or key);
     *                           its message names what to fix and never carries a secret
     */
    GraphGateway gatewayFor(GuestRedemptionReset resource) throws ConnectionProblem;

    /** Why a resource's tenant connection cannot be built. */
    final class ConnectionProblem extends Exception {
        private final boolean temporary;

        /** A problem a person must fix (a missing Secret or key). */
        public ConnectionProblem(String message) {
            this(message, false);
        }

        /** @param temporary true when trying again may succeed (the API server did not answer) */
        public ConnectionProblem(String message, boolean temporary) {
            super(message);
            this.temporary = temporary;
        }

        public boolean isTemporary() {
            return temporary;
        }
    }
}
