package io.guestops.grr.graph.gateway;

import java.util.List;

/**
 * The reads of one pass, made together: the user, and the facts a preflight may ask for.
 *
 * @param user    the user by object id
 * @param roles   its direct directory role assignments; null when not asked for
 * @param holders every user holding one of the asked addresses; null when none were asked for
 */
public record GuestReads(GraphResult<GuestUser> user, GraphResult<List<RoleAssignment>> roles,
                         GraphResult<List<GuestUser>> holders) {
}
