package io.guestops.grr.graph.budget;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Graph charges one request against the (application, tenant) budget, from its documented
 * table (https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits):
 * the base cost of the routes the gateway calls ({@link #BASE_COSTS}), any other GET 1 resource
 * unit, any other POST, PATCH, PUT or DELETE 1 unit and 1 write; {@code $select} -1, {@code $expand}
 * +1, {@code $top} under 20 -1, at least 1. A {@code $batch} is not a request of its own: each part
 * is charged separately. The emulator keeps its own copy of the table; a test holds the two equal.
 *
 * @param resourceUnits resource units
 * @param writes        writes (0 or 1)
 */
record ExchangeCost(int resourceUnits, int writes) {

    static final ExchangeCost NONE = new ExchangeCost(0, 0);

    /** One row of Graph's table: a method and path (below the API version), its base units and writes. */
    private record BaseCost(String method, Pattern path, int resourceUnits, int writes) {
        boolean matches(String method, String lowerPath) {
            return this.method.equalsIgnoreCase(method) && path.matcher(lowerPath).matches();
        }
    }

    /**
     * The rows of Graph's table for the routes the gateway calls. {@code users/delta} is a read of the
     * users collection; "costs that apply to {@code me/} also apply to {@code users/{id}/}", so
     * checkMemberGroups is charged as {@code POST me/checkMemberGroups}: 4 units, no write.
     */
    private static final List<BaseCost> BASE_COSTS = List.of(
            new BaseCost("GET", Pattern.compile("/users"), 2, 0),
            new BaseCost("GET", Pattern.compile("/users/(microsoft\\.graph\\.)?delta(\\(\\))?"), 2, 0),
            new BaseCost("POST", Pattern.compile("/users/[^/]+/(microsoft\\.graph\\.)?checkmembergroups"), 4, 0));

    private static final Pattern TOP = Pattern.compile("(?:^|&)(?:%24|\\$)top=(\\d+)");

    /**
     * @param method HTTP method
     * @param path   the path below the API version, e.g. {@code /users/abc} (a leading {@code /v1.0} is ignored)
     * @param query  the raw query, or null
     */
    static ExchangeCost of(String method, String path, String query) {
        String p = path.toLowerCase(Locale.ROOT).replaceFirst("^/(v1\\.0|beta)(?=/)", "");
        boolean read = method.equalsIgnoreCase("GET");
        ExchangeCost base = BASE_COSTS.stream().filter(row -> row.matches(method, p)).findFirst()
                .map(row -> new ExchangeCost(row.resourceUnits(), row.writes()))
                .orElse(new ExchangeCost(1, read ? 0 : 1));
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        int units = base.resourceUnits() + (hasOption(q, "select") ? -1 : 0) + (hasOption(q, "expand") ? 1 : 0)
                + (smallTop(q) ? -1 : 0);
        return new ExchangeCost(Math.max(1, units), base.writes());
    }

    private static boolean hasOption(String lowerQuery, String option) {
        return lowerQuery.matches("(^|.*&)(%24|\\$)" + option + "=.*");
    }

    /** "Using {@code $top} with a value of less than 20 decreases cost by 1." */
    private static boolean smallTop(String lowerQuery) {
        Matcher top = TOP.matcher(lowerQuery);
        return top.find() && top.group(1).length() < 3 && Integer.parseInt(top.group(1)) < 20;
    }

    ExchangeCost plus(ExchangeCost other) {
        return new ExchangeCost(resourceUnits + other.resourceUnits, writes + other.writes);
    }
}
