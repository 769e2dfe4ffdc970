package io.guestops.grr.embedded.registry;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The decoded query parameters of a request (first value wins, as in the API server). */
public record Query(Map<String, String> parameters) {

    public static Query parse(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int equal = pair.indexOf('=');
                String name = decode(equal < 0 ? pair : pair.substring(0, equal));
                String value = equal < 0 ? "" : decode(pair.substring(equal + 1));
                parameters.putIfAbsent(name, value);
            }
        }
        return new Query(parameters);
    }

    public String get(String name) {
        return parameters.get(name);
    }

    public boolean isTrue(String name) {
        String value = parameters.get(name);
        return "true".equals(value) || "1".equals(value);
    }

    /** The query without the named parameters. */
    public Query minus(String... names) {
        Map<String, String> kept = new LinkedHashMap<>(parameters);
        for (String name : names) {
            kept.remove(name);
        }
        return new Query(kept);
    }

    /** The query without the named parameters, encoded again ("" when nothing is left). */
    public String without(String... names) {
        Map<String, String> kept = minus(names).parameters();
        if (kept.isEmpty()) {
            return "";
        }
        return "?" + kept.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
