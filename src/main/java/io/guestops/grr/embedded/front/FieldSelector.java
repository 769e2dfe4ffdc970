package io.guestops.grr.embedded.front;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code involvedObject.name=x,metadata.namespace!=y}). The mock
 * ignores field selectors in lists, so the front applies them to what the mock returns.
 */
final class FieldSelector {

    private record Requirement(String field, String value, boolean equal) {
        boolean matches(JsonNode object) {
            JsonNode node = object.at("/" + field.replace(".", "/"));
            String actual = node.isValueNode() ? node.asText() : "";
            return actual.equals(value) == equal;
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    /** Parses a decoded selector; an empty or null selector selects everything. */
    static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : selector.split(",")) {
            int notEqual = term.indexOf("!=");
            if (notEqual > 0) {
                requirements.add(new Requirement(term.substring(0, notEqual).trim(), term.substring(notEqual + 2).trim(), false));
                continue;
            }
            int equal = term.indexOf('=');
            if (equal <= 0) {
                throw new IllegalArgumentException("invalid field selector term: " + term);
            }
            String value = term.substring(equal + 1);
            if (value.startsWith("=")) {
                value = value.substring(1);
            }
            requirements.add(new Requirement(term.substring(0, equal).trim(), value.trim(), true));
        }
        return new FieldSelector(requirements);
    }

    boolean matches(JsonNode object) {
        return requirements.stream().allMatch(r -> r.matches(object));
    }

    boolean selectsEverything() {
        return requirements.isEmpty();
    }
}
