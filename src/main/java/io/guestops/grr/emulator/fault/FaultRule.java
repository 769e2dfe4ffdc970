package io.guestops.grr.emulator.fault;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A fault for requests whose method and path match. {@code route} is a path pattern where
 * {@code *} matches one path segment and {@code **} any number of segments; it is matched
 * against the full path and against the path without its {@code /v1.0} prefix, so
 * {@code /users/*} and {@code /v1.0/users/*} mean the same. {@code method} "*" matches any.
 *
 * <p>Deterministic: {@code count} = affect only the next N matching requests (null = all).
 * Probabilistic: {@code rate} in (0,1] rolled with the emulator's seeded Random.
 */
public record FaultRule(String route, String method, FaultKind kind, Integer count, Double rate,
                        Integer retryAfterSeconds, Long latencyMillis) {

    public FaultRule {
        if (route == null || route.isBlank()) {
            throw new IllegalArgumentException("fault route is required");
        }
        method = method == null || method.isBlank() ? "*" : method.toUpperCase(Locale.ROOT);
        if (kind == null) {
            throw new IllegalArgumentException("fault kind is required");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("fault count must be at least 1");
        }
        if (rate != null && (rate <= 0 || rate > 1)) {
            throw new IllegalArgumentException("fault rate must be in (0, 1]");
        }
        if (kind == FaultKind.LATENCY && (latencyMillis == null || latencyMillis < 0)) {
            throw new IllegalArgumentException("a latency fault needs latencyMillis >= 0");
        }
    }

    public static FaultRule times(String route, String method, FaultKind kind, int count) {
        return new FaultRule(route, method, kind, count, null, kind == FaultKind.THROTTLE ? 1 : null, null);
    }

    public static FaultRule always(String route, String method, FaultKind kind) {
        return new FaultRule(route, method, kind, null, null, kind == FaultKind.THROTTLE ? 1 : null, null);
    }

    public static FaultRule withRate(String route, String method, FaultKind kind, double rate) {
        return new FaultRule(route, method, kind, null, rate, kind == FaultKind.THROTTLE ? 1 : null, null);
    }

    public static FaultRule latency(String route, String method, long millis) {
        return new FaultRule(route, method, FaultKind.LATENCY, null, null, null, millis);
    }

    public FaultRule withRetryAfter(int seconds) {
        return new FaultRule(route, method, kind, count, rate, seconds, latencyMillis);
    }

    boolean matches(String requestMethod, String path) {
        if (!method.equals("*") && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        Pattern pattern = toPattern(route);
        return pattern.matcher(path).matches()
                || (path.startsWith("/v1.0/") && pattern.matcher(path.substring("/v1.0".length())).matches());
    }

    private static Pattern toPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        String[] parts = glob.split("\\*\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            String[] singles = parts[i].split("\\*", -1);
            for (int j = 0; j < singles.length; j++) {
                regex.append(Pattern.quote(singles[j]));
                if (j < singles.length - 1) {
                    regex.append("[^/]*");
                }
            }
            if (i < parts.length - 1) {
                regex.append(".*");
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
