package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.schema.FieldError;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The name rules of a create, as the API server applies them: {@code generateName} becomes a name
 * (the prefix cut to 58 characters plus 5 random ones, from the alphabet the API server uses), then
 * ValidateObjectMeta checks generateName and name - a DNS-1123 label for Namespaces, a DNS-1123
 * subdomain for every other type served here.
 */
final class ObjectNames {

    private static final int GENERATED_PREFIX_MAX = 58;
    private static final String GENERATED_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int GENERATED_LENGTH = 5;

    private final Random random = new SecureRandom();

    /** Gives the object a name from its generateName when it has none (changes {@code object}). */
    void generateName(ObjectNode object) {
        ObjectNode metadata = object.with("metadata");
        String name = metadata.path("name").asText("");
        String prefix = metadata.path("generateName").asText("");
        if (!name.isEmpty() || prefix.isEmpty()) {
            return;
        }
        StringBuilder generated = new StringBuilder(prefix.length() > GENERATED_PREFIX_MAX
                ? prefix.substring(0, GENERATED_PREFIX_MAX) : prefix);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            generated.append(GENERATED_ALPHABET.charAt(random.nextInt(GENERATED_ALPHABET.length())));
        }
        metadata.put("name", generated.toString());
    }

    /** The problems with metadata.generateName and metadata.name of a new object of this type. */
    static List<FieldError> problems(ApiPath path, ObjectNode object) {
        boolean namespace = path.isNamespaces();
        String name = object.path("metadata").path("name").asText("");
        String prefix = object.path("metadata").path("generateName").asText("");
        List<FieldError> problems = new ArrayList<>();
        if (!prefix.isEmpty()) {
            // a prefix may end with '-': the API server checks it as if that were a letter
            String masked = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
            rules(namespace, masked).forEach(message -> problems.add(invalid("metadata.generateName", prefix, message)));
        }
        if (name.isEmpty()) {
            problems.add(new FieldError("metadata.name", "FieldValueRequired", "Required value: name or generateName is required"));
            return problems;
        }
        rules(namespace, name).forEach(message -> problems.add(invalid("metadata.name", name, message)));
        return problems;
    }

    private static List<String> rules(boolean namespace, String value) {
        return namespace ? NameSyntax.labelErrors(value) : NameSyntax.subdomainErrors(value);
    }

    private static FieldError invalid(String field, String value, String message) {
        return new FieldError(field, "FieldValueInvalid", "Invalid value: " + NameSyntax.quoted(value) + ": " + message);
    }
}
