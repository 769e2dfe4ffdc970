package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each user's filterable properties as JSON, and their texts folded for a quick first test, kept
 * while the user is unchanged. A {@code $filter} query tests every user of the tenant, and building
 * that JSON again for each query made the address-holder lookups the emulator's busiest work in a
 * bulk run. A user's snapshot is immutable and replaced on every change, so the same snapshot means
 * the same JSON.
 */
final class FilterableUsers {

    private record Kept(DirectoryUser snapshot, ObjectNode json, Set<String> foldedTexts) {}

    private final Map<String, Kept> byId = new ConcurrentHashMap<>();

    /** True when the user matches the filter, as {@link UserFilter#test} on its JSON says. */
    boolean matches(DirectoryUser user, UserFilter filter) {
        Kept kept = kept(user);
        return filter.mayMatch(kept.foldedTexts()) && filter.test(kept.json());
    }

    private Kept kept(DirectoryUser user) {
        Kept kept = byId.get(user.id());
        if (kept != null && kept.snapshot() == user) {
            return kept;
        }
        ObjectNode json = UserJson.project(user, UserFilter.PROPERTIES);
        Kept fresh = new Kept(user, json, foldedTexts(json));
        byId.put(user.id(), fresh);
        return fresh;
    }

    private static Set<String> foldedTexts(ObjectNode json) {
        Set<String> texts = new HashSet<>();
        for (JsonNode value : json) {
            if (value.isTextual()) {
                texts.add(UserFilter.fold(value.asText()));
            }
            if (value.isArray()) {
                value.forEach(element -> {
                    if (element.isTextual()) {
                        texts.add(UserFilter.fold(element.asText()));
                    }
                });
            }
        }
        return texts;
    }
}
