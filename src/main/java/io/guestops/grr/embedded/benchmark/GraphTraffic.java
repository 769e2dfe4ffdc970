package io.guestops.grr.embedded.benchmark;

import io.guestops.grr.emulator.journal.JournalEntry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one contender asked of Graph, read from the emulator's journal: requests by route, round
 * trips (a {@code $batch} is one round trip; each of its parts is journaled and counted against the
 * budget like a request of its own), 429 answers, and the writes the throttle admitted.
 */
record GraphTraffic(Map<String, Long> requestsByRoute, long roundTrips, long throttled, long writesAdmitted) {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String BATCH = "/v1.0/$batch";
    private static final String DELTA = "GET /v1.0/users/delta";

    static GraphTraffic of(List<JournalEntry> journal) {
        Map<String, Long> byRoute = new TreeMap<>();
        long roundTrips = 0;
        long batchParts = 0;
        long throttled = 0;
        long writes = 0;
        for (JournalEntry e : journal) {
            if (!e.path().startsWith("/v1.0/")) {
                continue; // the token endpoint and admin paths are not Graph calls
            }
            String route = route(e.method(), e.path());
            if (route.endsWith(BATCH)) {
                roundTrips++;
                batchParts += partsOf(e.requestBody());
                continue;
            }
            // The drift watch's tenant-wide delta query is no reset's cost: listed by route, not a round trip of a reset.
            roundTrips += route.equals(DELTA) ? 0 : 1;
            byRoute.merge(route, 1L, Long::sum);
            throttled += e.status() == 429 ? 1 : 0;
            writes += isWrite(route) && e.status() != 429 ? 1 : 0;
        }
        // Every part of a batch was journaled as a request of its own: one round trip for all of them.
        return new GraphTraffic(byRoute, roundTrips - batchParts, throttled, writes);
    }

    /** Requests a route received (0 when none). */
    long requests(String route) {
        return requestsByRoute.getOrDefault(route, 0L);
    }

    /** "METHOD /path" with object ids as {id}; a users query is named by what it looks for. */
    static String route(String method, String pathWithQuery) {
        String decoded = URLDecoder.decode(pathWithQuery, StandardCharsets.UTF_8);
        int q = decoded.indexOf('?');
        String path = GUID.matcher(q < 0 ? decoded : decoded.substring(0, q)).replaceAll("{id}");
        String query = q < 0 ? "" : decoded.substring(q + 1);
        String route = method + " " + path;
        if (path.equals("/v1.0/users") && query.contains("$filter")) {
            return route + (query.contains("proxyAddresses") ? " (address holders)" : " (by mail)");
        }
        return route;
    }

    private static boolean isWrite(String route) {
        return !route.startsWith("GET ") && !route.contains("checkMemberGroups");
    }

    /** Requests in a batch envelope's body, counted by their "method" members. */
    private static long partsOf(String body) {
        if (body == null) {
            return 0;
        }
        return Pattern.compile("\"method\"\\s*:").matcher(body).results().count();
    }
}
