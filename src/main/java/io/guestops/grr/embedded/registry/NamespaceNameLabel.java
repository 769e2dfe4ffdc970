package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The label the API server keeps on every namespace: {@value #KEY} set to the namespace's name, on
 * create and again on every update whatever the write said (the namespace strategy's
 * PrepareForCreate and PrepareForUpdate). A namespaceSelector picks one namespace by name with it,
 * as GuestRedemptionPolicies do.
 */
final class NamespaceNameLabel {

    static final String KEY = "kubernetes.io/metadata.name";

    private NamespaceNameLabel() {
    }

    /** Sets the label on a new Namespace (changes {@code namespace}). */
    static void setOn(ObjectNode namespace) {
        ObjectNode metadata = namespace.with("metadata");
        JsonNode labels = metadata.path("labels");
        ObjectNode writable = labels.isObject() ? (ObjectNode) labels : metadata.putObject("labels");
        writable.put(KEY, metadata.path("name").asText());
    }

    /** Sets the label again when the update is one of a Namespace (changes {@code updated}). */
    static void keepOnUpdate(JsonNode current, JsonNode updated) {
        if (current.path("apiVersion").asText().equals("v1") && current.path("kind").asText().equals("Namespace")
                && updated.isObject()) {
            setOn((ObjectNode) updated);
        }
    }
}
