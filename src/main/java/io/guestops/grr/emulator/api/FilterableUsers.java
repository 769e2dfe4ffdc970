package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each user's filterable properties as JSON, kept while the user is unchanged. A {@code $filter}
 * query tests every user of the tenant, and building that JSON again for each query made the
 * address-holder lookups the emulator's busiest work in a bulk run. A user's snapshot is immutable
 * and replaced on every change, so the same snapshot means the same JSON.
 */
final class FilterableUsers {

    private record Kept(DirectoryUser snapshot, ObjectNode json) {}

    private final Map<String, Kept> byId = new ConcurrentHashMap<>();

    /** The JSON a filter tests for this user (read-only for the caller). */
    ObjectNode of(DirectoryUser user) {
        Kept kept = byId.get(user.id());
        if (kept != null && kept.snapshot() == user) {
            return kept.json();
        }
        ObjectNode json = UserJson.project(user, UserFilter.PROPERTIES);
        byId.put(user.id(), new Kept(user, json));
        return json;
    }
}
