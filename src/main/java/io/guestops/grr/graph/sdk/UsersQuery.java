package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.gateway.GuestUser;
import com.microsoft.graph.users.UsersRequestBuilder;

/**
 * One {@code GET /users} the gateway sends: a filter, the operator's {@code $select}, and, for an
 * advanced query, {@code ConsistencyLevel: eventual} with {@code $count=true} (Graph wants both:
 * https://learn.microsoft.com/graph/aad-advanced-queries).
 *
 * @param filter   the {@code $filter} expression
 * @param advanced whether the query needs Graph's advanced query parameters
 */
record UsersQuery(String filter, boolean advanced) {

    /** Sets this query on a request to the users collection (sent alone or as a {@code $batch} part). */
    void configure(UsersRequestBuilder.GetRequestConfiguration request) {
        request.queryParameters.filter = filter;
        request.queryParameters.select = GuestUser.SELECT;
        if (advanced) {
            request.queryParameters.count = true;
            request.headers.add("ConsistencyLevel", "eventual");
        }
    }
}
