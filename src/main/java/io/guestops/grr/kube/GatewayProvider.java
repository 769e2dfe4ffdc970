package io.guestops.grr.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.guestops.grr.graph.gateway.GraphGateway;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.Optional;

/** Gives the Graph gateway for the tenant a resource names (its connection, or the operator default). */
public interface GatewayProvider {

    /**
     * @param secrets where the Secret a resource names is read from (the operator's informer cache:
     *                no request to the API server per pass)
     * @throws ConnectionProblem when the resource's connection cannot be used (missing Secret or key);
     *                           its message names what to fix and never carries a secret
     */
    GraphGateway gatewayFor(GuestRedemptionReset resource, SecretLookup secrets) throws ConnectionProblem;

    /** The Secrets the operator may read a tenant connection from. */
    @FunctionalInterface
    interface SecretLookup {
        /** The Secret, or empty when it does not exist (or the operator does not watch it). */
        Optional<Secret> find(String namespace, String name);
    }

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
