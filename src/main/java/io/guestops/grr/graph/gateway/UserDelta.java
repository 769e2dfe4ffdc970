package io.guestops.grr.graph.gateway;

import java.util.List;

/**
 * One page of /users/delta: changed users, removed user ids, and either a next link (more pages)
 * or a delta link (the round is complete; keep it to ask for later changes).
 */
public record UserDelta(List<GuestUser> changed, List<String> removedIds, String nextLink, String deltaLink) {

    public UserDelta {
        changed = List.copyOf(changed);
        removedIds = List.copyOf(removedIds);
    }
}
