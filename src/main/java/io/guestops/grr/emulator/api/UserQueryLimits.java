package io.guestops.grr.emulator.api;

import io.guestops.grr.emulator.wire.GraphError;

/**
 * Graph's limits on a {@code GET /users} query, which differ with and without the advanced query
 * parameters ({@code ConsistencyLevel: eventual} and {@code $count=true}). From Graph's known
 * issues (https://developer.microsoft.com/en-us/graph/known-issues/?search=13635): by default at
 * most 15 expressions in the filter and a value to match of at most 120 characters; "when using
 * advanced queries, the limit is applied on the URL length at 2,048 characters instead". The URL is
 * the whole request URL, base included (a Microsoft reviewer on microsoftgraph/microsoft-graph-docs#22097);
 * the emulator measures the one it received, a {@code $batch} part's as if sent on its own.
 */
final class UserQueryLimits {

    static final int MAX_ADVANCED_URL_LENGTH = 2048;

    private UserQueryLimits() {
    }

    /**
     * @param nextPage whether the request follows a nextLink the emulator issued: its length is
     *                 not the client's to choose, and Graph documents no limit for it
     */
    static void check(GraphContext ctx, UserFilter filter, boolean advanced, boolean nextPage) {
        if (advanced) {
            if (!nextPage) {
                checkUrl(ctx);
            }
            return;
        }
        if (!filter.advancedOnly().isEmpty()) {
            throw GraphError.unsupportedQuery("Unsupported query: " + String.join(", ", filter.advancedOnly())
                    + " needs the ConsistencyLevel: eventual header and $count=true.");
        }
        if (filter.expressions() > UserFilter.MAX_EXPRESSIONS_BY_DEFAULT) {
            // Graph's own wording (public reports), naming the operator that joins them.
            throw GraphError.unsupportedQuery("Too many child clauses specified in search filter expression containing '"
                    + (filter.joinedByOr() ? "OR" : "AND") + "' operators: " + filter.expressions() + ". Max allowed: "
                    + UserFilter.MAX_EXPRESSIONS_BY_DEFAULT + ".");
        }
        if (filter.propertyWithLongValue() != null) {
            // What Graph answers a longer value (public report: microsoftgraph/microsoft-graph-explorer-v4#2103).
            throw GraphError.unsupportedQuery("Unsupported or invalid query filter clause specified for property '"
                    + filter.propertyWithLongValue() + "' of resource 'User'.");
        }
    }

    /** The length of the URL as the client sent it: scheme, host, path and the encoded query. */
    static int urlLength(GraphContext ctx) {
        String path = ctx.request().path().substring(GraphRouter.VERSION_PREFIX.length());
        String query = ctx.request().rawQuery();
        return ctx.graphBase().length() + path.length() + (query.isEmpty() ? 0 : 1 + query.length());
    }

    private static void checkUrl(GraphContext ctx) {
        int length = urlLength(ctx);
        if (length > MAX_ADVANCED_URL_LENGTH) {
            // The code and wording are the emulator's: Microsoft documents the limit, not its error.
            throw GraphError.unsupportedQuery("The request URL is " + length + " characters long; an advanced query allows at most "
                    + MAX_ADVANCED_URL_LENGTH + ".");
        }
    }
}
