package io.guestops.grr.realcluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code grr_kubernetes_api_errors_total} series of a /metrics text, keyed "verb resource code". */
record ApiErrorCounts(Map<String, Double> byLabels) {

    private static final Pattern SERIES = Pattern.compile(
            "^grr_kubernetes_api_errors_total\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static ApiErrorCounts of(String metrics) {
        Map<String, Double> counts = new TreeMap<>();
        Matcher series = SERIES.matcher(metrics);
        while (series.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(series.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            counts.merge(labels.get("verb") + " " + labels.get("resource") + " " + labels.get("code"),
                    Double.parseDouble(series.group(2)), Double::sum);
        }
        return new ApiErrorCounts(counts);
    }

    /** Failed requests with this code, whatever the verb and resource. */
    double withCode(String code) {
        return byLabels.entrySet().stream().filter(e -> e.getKey().endsWith(" " + code)).mapToDouble(Map.Entry::getValue).sum();
    }

    /** Failed requests of this verb on this resource with this code. */
    double of(String verb, String resource, String code) {
        return byLabels.getOrDefault(verb + " " + resource + " " + code, 0.0);
    }
}
