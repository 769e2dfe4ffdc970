package io.guestops.grr.kube;

import java.util.Optional;

/**
 * Whether this replica may start a Graph write now. Every Graph write goes through it
 * ({@link StepExecutor} writes through a {@link FencedGraphGateway}), so a replica that can no longer
 * prove it leads stops writing before another replica can take its place.
 */
interface GraphWriteFence {

    /** Without leader election there is no one to hand over to: always open. */
    GraphWriteFence ALWAYS_OPEN = () -> Optional.empty();

    /** Empty when a write may start now; otherwise why not, in words for status and logs (no secret in it). */
    Optional<String> closedBecause();

    /**
     * A pass stopped before its first Graph write because the fence is shut: it ends without writing
     * anything (no status either: what it would say is about this replica, not the resource, and the
     * replica that leads now may be writing that status) and comes back later.
     */
    final class Closed extends RuntimeException {
        Closed(String why) {
            super(why);
        }
    }
}
