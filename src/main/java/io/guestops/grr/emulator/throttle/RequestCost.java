package io.guestops.grr.emulator.throttle;

import java.util.Locale;

/**
 * Cost of one request in Graph's identity-and-access terms: GET on the users collection 2 RU,
 * other GET 1 RU, POST/PATCH/PUT/DELETE 1 RU and 1 write; $select -1, $expand +1, minimum 1.
 * A POST that only reads (checkMemberGroups) costs like a GET of one object: 1 RU, no write
 * (an emulator choice: Microsoft does not list its cost).
 */
public record RequestCost(int resourceUnits, int writes) {

    public static RequestCost of(String method, String path, boolean hasSelect, boolean hasExpand) {
        String p = path.toLowerCase(Locale.ROOT);
        boolean read = method.equalsIgnoreCase("GET") || isReadAction(method, p);
        boolean usersCollection = p.equals("/v1.0/users") || p.matches("/v1\\.0/users/(microsoft\\.graph\\.)?delta(\\(\\))?");
        int ru = read ? (usersCollection ? 2 : 1) : 1;
        ru += (hasSelect ? -1 : 0) + (hasExpand ? 1 : 0);
        return new RequestCost(Math.max(1, ru), read ? 0 : 1);
    }

    private static boolean isReadAction(String method, String lowerPath) {
        return method.equalsIgnoreCase("POST") && lowerPath.matches("/v1\\.0/users/[^/]+/(microsoft\\.graph\\.)?checkmembergroups");
    }
}
