package io.guestops.grr.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a scrape of /metrics says: each sample by its name and labels, as Prometheus reads the text format. */
record PrometheusText(String text, Map<String, Double> samples) {

    static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int split = line.lastIndexOf(' ');
            String series = line.substring(0, split);
            samples.put(key(series), Double.parseDouble(line.substring(split + 1)));
        });
        return new PrometheusText(text, samples);
    }

    /** The sample of {@code name} with exactly these labels ({@code "route", "/users", ...}), or null. */
    Double value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.get(name + render(wanted));
    }

    /** The sum of every sample of {@code name} whatever its labels (0 when there is none). */
    double sum(String name) {
        return samples.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Every label value of every sample. */
    java.util.List<String> labelValues() {
        return samples.keySet().stream().filter(k -> k.contains("{")).flatMap(k -> labelsOf(k.substring(k.indexOf('{'))).values().stream())
                .toList();
    }

    /** {@code name{b="2",a="1"}} as {@code name{a="1",b="2"}}: the same series whatever the label order. */
    private static String key(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace) + render(labelsOf(series.substring(brace)));
    }

    private static Map<String, String> labelsOf(String block) {
        Map<String, String> labels = new TreeMap<>();
        int i = 1;
        while (i < block.length() && block.charAt(i) != '}') {
            int equals = block.indexOf('=', i);
            String name = block.substring(i, equals).trim();
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            for (; block.charAt(j) != '"'; j++) {
                char c = block.charAt(j);
                if (c == '\\') {
                    c = block.charAt(++j) == 'n' ? '\n' : block.charAt(j);
                }
                value.append(c);
            }
            labels.put(name, value.toString());
            i = j + 1;
            if (block.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }

    private static String render(Map<String, String> labels) {
        return labels.isEmpty() ? "" : labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
