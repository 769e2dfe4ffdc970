package io.guestops.grr.emulator.fault;

import java.util.Locale;

/** What a fault does to a matching request. */
public enum FaultKind {
    /** 429 TooManyRequests with Retry-After, before the request has any effect. */
    THROTTLE,
    /** 503 ServiceUnavailable (Retry-After when configured), before any effect. */
    UNAVAILABLE,
    /** 504 GatewayTimeout, before any effect. */
    GATEWAY_TIMEOUT,
    /** Adds latency, then handles the request normally. */
    LATENCY,
    /** Handles the request (its write takes effect), then closes the connection without a response. */
    COMMIT_THEN_DROP;

    /** Accepts the CLI/admin spellings: 429, 503, 504, latency, drop (and the enum names). */
    public static FaultKind parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "429", "throttle" -> THROTTLE;
            case "503", "unavailable" -> UNAVAILABLE;
            case "504", "gateway_timeout", "timeout" -> GATEWAY_TIMEOUT;
            case "latency" -> LATENCY;
            case "drop", "commit_then_drop", "commit-then-drop" -> COMMIT_THEN_DROP;
            default -> throw new IllegalArgumentException("unknown fault kind '" + text + "' (expected 429, 503, 504, latency or drop)");
        };
    }
}
