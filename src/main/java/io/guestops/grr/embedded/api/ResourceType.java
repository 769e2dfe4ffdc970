package io.guestops.grr.embedded.api;

import java.util.List;

/**
 * One kind of object the embedded API server serves, as discovery describes it.
 *
 * @param group empty for the core group
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
                           List<String> shortNames, boolean namespaced, boolean statusSubresource,
                           List<String> verbs) {

    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        verbs = List.copyOf(verbs);
    }

    /** "v1" for the core group, "group/version" otherwise, as in apiVersion. */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix of the group version: /api/v1 or /apis/group/version. */
    public String pathPrefix() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
