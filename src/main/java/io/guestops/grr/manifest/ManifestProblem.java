package io.guestops.grr.manifest;

import java.nio.file.Path;

/**
 * Something wrong in a manifest, where it is.
 *
 * @param file     the file
 * @param line     1-based line of the offending field (or of the document)
 * @param resource the resource's name, or "" when it has none (or the file did not parse)
 * @param field    the field path the problem is about, or "" for the whole document
 * @param message  what is wrong, in the words the API server or the operator would use
 */
public record ManifestProblem(Path file, int line, String resource, String field, String message) {

    /** "examples/a.yaml:12: alex: spec.desiredEmail: Required value" */
    @Override
    public String toString() {
        return file + ":" + line + ": " + (resource.isEmpty() ? "" : resource + ": ")
                + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
