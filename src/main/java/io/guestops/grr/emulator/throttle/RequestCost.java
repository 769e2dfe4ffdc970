package io.guestops.grr.emulator.throttle;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cost of one request in Graph's identity-and-access terms, from the documented table
 * (https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits): the
 * base cost of the routes the emulator serves ({@link #BASE_COSTS}), any other GET 1 RU, any other
 * POST/PATCH/PUT/DELETE 1 RU and 1 write; $select -1, $expand +1, $top under 20 -1, minimum 1.
 */
public record RequestCost(int resourceUnits, int writes) {

    /** One row of Graph's table: method, path (with the version), base resource units and writes. */
    private record BaseCost(String method, Pattern path, int resourceUnits, int writes) {
    }

    /**
     * The users collection (its delta function included) costs 2; checkMemberGroups 4 and no write,
     * because "any request cost that applies to a request path starting with me/ also applies to
     * users/{id | userPrincipalName}/".
     */
    private static final List<BaseCost> BASE_COSTS = List.of(
            new BaseCost("GET", Pattern.compile("/v1\\.0/users"), 2, 0),
            new BaseCost("GET", Pattern.compile("/v1\\.0/users/(microsoft\\.graph\\.)?delta(\\(\\))?"), 2, 0),
            new BaseCost("POST", Pattern.compile("/v1\\.0/users/[^/]+/(microsoft\\.graph\\.)?checkmembergroups"), 4, 0));

    /**
     * @param query the decoded query options (names in any case)
     */
    public static RequestCost of(String method, String path, Map<String, String> query) {
        String p = path.toLowerCase(Locale.ROOT);
        boolean read = method.equalsIgnoreCase("GET");
        BaseCost base = BASE_COSTS.stream().filter(row -> row.method().equalsIgnoreCase(method) && row.path().matcher(p).matches())
                .findFirst().orElse(new BaseCost(method, null, 1, read ? 0 : 1));
        int ru = base.resourceUnits() + (option(query, "$select") != null ? -1 : 0) + (option(query, "$expand") != null ? 1 : 0)
                + (smallTop(option(query, "$top")) ? -1 : 0);
        return new RequestCost(Math.max(1, ru), base.writes());
    }

    private static String option(Map<String, String> query, String name) {
        return query.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static boolean smallTop(String top) {
        return top != null && top.matches("\\d{1,2}") && Integer.parseInt(top) < 20;
    }
}
