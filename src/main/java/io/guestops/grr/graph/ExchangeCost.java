package io.guestops.grr.graph;

import java.util.Locale;

/**
 * What Graph charges one request against the (application, tenant) budget, from its documented
 * table: GET on the users collection 2 resource units, any other GET 1; POST, PATCH, PUT and DELETE
 * 1 unit and 1 write; {@code $select} -1, {@code $expand} +1, at least 1. A POST that only reads
 * ({@code checkMemberGroups}) is charged like a GET of one object. A {@code $batch} is not a request
 * of its own: each part is charged separately.
 *
 * @param resourceUnits resource units
 * @param writes        writes (0 or 1)
 */
record ExchangeCost(int resourceUnits, int writes) {

    static final ExchangeCost NONE = new ExchangeCost(0, 0);

    /**
     * @param method HTTP method
     * @param path   the path below the API version, e.g. {@code /users/abc} (a leading {@code /v1.0} is ignored)
     * @param query  the raw query, or null
     */
    static ExchangeCost of(String method, String path, String query) {
        String p = path.toLowerCase(Locale.ROOT).replaceFirst("^/(v1\\.0|beta)(?=/)", "");
        boolean read = method.equalsIgnoreCase("GET") || (method.equalsIgnoreCase("POST") && p.endsWith("/checkmembergroups"));
        boolean usersCollection = p.equals("/users") || p.matches("/users/(microsoft\\.graph\\.)?delta(\\(\\))?");
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        int units = (read && usersCollection ? 2 : 1) + (hasOption(q, "select") ? -1 : 0) + (hasOption(q, "expand") ? 1 : 0);
        return new ExchangeCost(Math.max(1, units), read ? 0 : 1);
    }

    private static boolean hasOption(String lowerQuery, String option) {
        return lowerQuery.matches("(^|.*&)(%24|\\$)" + option + "=.*");
    }

    ExchangeCost plus(ExchangeCost other) {
        return new ExchangeCost(resourceUnits + other.resourceUnits, writes + other.writes);
    }
}
