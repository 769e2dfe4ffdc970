package io.guestops.grr.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * One YAML document of a manifest file, as a JSON tree, with the line of every field in it, so a
 * problem found in a field can be shown where the author wrote it.
 *
 * @param file    the file it came from
 * @param line    the (1-based) line where the document starts
 * @param content the document
 * @param lines   field path ({@code spec.guest.userId}, {@code spec.otherMails.add[2]}) to its 1-based line
 */
public record ManifestDocument(Path file, int line, JsonNode content, Map<String, Integer> lines) {

    public ManifestDocument {
        lines = Map.copyOf(lines);
    }

    public String kind() {
        return content.path("kind").asText("");
    }

    public String apiVersion() {
        return content.path("apiVersion").asText("");
    }

    /** metadata.name, or "" when the document has none. */
    public String name() {
        return content.path("metadata").path("name").asText("");
    }

    /** metadata.namespace, or null when the document names none. */
    public String namespace() {
        JsonNode namespace = content.path("metadata").path("namespace");
        return namespace.isTextual() && !namespace.asText().isBlank() ? namespace.asText() : null;
    }

    /**
     * The line of {@code fieldPath}, or of its nearest enclosing field the document has (a missing
     * required field is shown at its parent), or the document's first line.
     */
    public int lineOf(String fieldPath) {
        String path = fieldPath == null ? "" : fieldPath.replace("[*]", "");
        while (!path.isEmpty()) {
            Integer found = lines.get(path);
            if (found != null) {
                return found;
            }
            path = parentOf(path);
        }
        return line;
    }

    private static String parentOf(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** "file:line", for messages. */
    public String where() {
        return file + ":" + line;
    }
}
