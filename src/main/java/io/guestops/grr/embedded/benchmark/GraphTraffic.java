package io.guestops.grr.embedded.benchmark;

import io.guestops.grr.emulator.journal.JournalEntry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one contender asked of Graph, read from the emulator's journal: requests by route, round
 * trips (a {@code $batch} is one round trip; each of its parts is journaled and counted against the
 * budget like a request of its own), 429 answers, and the writes the throttle admitted, with the
 * time each arrived.
 */
record GraphTraffic(Map<String, Long> requestsByRoute, long roundTrips, long throttled, long writesAdmitted,
                    List<Instant> admittedWriteTimes) {

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String BATCH = "/v1.0/$batch";
    private static final String DELTA = "GET /v1.0/users/delta";

    static GraphTraffic of(List<JournalEntry> journal) {
        Map<String, Long> byRoute = new TreeMap<>();
        long roundTrips = 0;
        long batchParts = 0;
        long throttled = 0;
        long writes = 0;
        List<Instant> writeTimes = new ArrayList<>();
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
            if (isWrite(route) && e.status() != 429) {
                writes++;
                writeTimes.add(e.time());
            }
        }
        writeTimes.sort(null);
        // Every part of a batch was journaled as a request of its own: one round trip for all of them.
        return new GraphTraffic(byRoute, roundTrips - batchParts, throttled, writes, List.copyOf(writeTimes));
    }

    /** Every request Graph counted against the budget (each part of a batch, 429s included). */
    long requests() {
        return requestsByRoute.values().stream().mapToLong(Long::longValue).sum();
    }

    /** 429 answers as a share of all requests (0..1). */
    double throttledShare() {
        return throttled / (double) Math.max(1, requests());
    }

    /**
     * Writes per second admitted once Graph's write bucket first ran dry, replayed from the admitted
     * writes: it starts full ({@code capacity}) and refills {@code refillPerSecond}. Before that, the
     * burst (and what refilled while a slower contender spent it) paid for the writes; from then on
     * only the refill can. Null when the bucket never ran dry (the run was not throttle-bound) or too
     * few writes followed to measure a rate.
     */
    Double sustainedWriteRate(int capacity, double refillPerSecond) {
        double tokens = capacity;
        for (int i = 0; i < admittedWriteTimes.size(); i++) {
            if (i > 0) {
                double seconds = Duration.between(admittedWriteTimes.get(i - 1), admittedWriteTimes.get(i)).toNanos() / 1e9;
                tokens = Math.min(capacity, tokens + seconds * refillPerSecond);
            }
            tokens -= 1;
            if (tokens < 1) {
                return rateAfter(i);
            }
        }
        return null;
    }

    private Double rateAfter(int index) {
        int after = admittedWriteTimes.size() - 1 - index;
        if (after < 2) {
            return null;
        }
        Duration span = Duration.between(admittedWriteTimes.get(index), admittedWriteTimes.get(admittedWriteTimes.size() - 1));
        return after / Math.max(0.001, span.toNanos() / 1e9);
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
