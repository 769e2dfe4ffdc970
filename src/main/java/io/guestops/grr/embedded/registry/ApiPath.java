package io.guestops.grr.embedded.registry;

import java.util.Optional;

/**
 * A request path that addresses resources: /api/v1/... or /apis/{group}/{version}/..., with an
 * optional namespace, an optional name and an optional subresource.
 */
public record ApiPath(String groupVersion, String namespace, String plural, String name, String subresource) {

    public static Optional<ApiPath> parse(String path) {
        String[] s = path.substring(1).split("/");
        int index;
        String groupVersion;
        if (s.length >= 3 && s[0].equals("api")) {
            groupVersion = s[1];
            index = 2;
        } else if (s.length >= 4 && s[0].equals("apis")) {
            groupVersion = s[1] + "/" + s[2];
            index = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (s.length > index + 2 && s[index].equals("namespaces")) {
            namespace = s[index + 1];
            index += 2;
        }
        String plural = s[index];
        String name = s.length > index + 1 ? s[index + 1] : null;
        String subresource = s.length > index + 2 ? s[index + 2] : null;
        if (s.length > index + 3) {
            return Optional.empty();
        }
        return Optional.of(new ApiPath(groupVersion, namespace, plural, name, subresource));
    }

    /** True for the Namespaces themselves (/api/v1/namespaces...), not the objects in one. */
    public boolean isNamespaces() {
        return group().isEmpty() && plural.equals("namespaces");
    }

    public boolean isCollection() {
        return name == null;
    }

    /** The collection this path is in (or is). */
    public ApiPath collection() {
        return new ApiPath(groupVersion, namespace, plural, null, null);
    }

    /** The path of the collection this path is in (or is). */
    public String collectionPath() {
        String prefix = groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
        return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
    }

    /** The API group ("" for the core group). */
    public String group() {
        int slash = groupVersion.indexOf('/');
        return slash < 0 ? "" : groupVersion.substring(0, slash);
    }

    /** "configmaps" or "guestredemptionresets.guestops.io", as the API server names a resource in messages. */
    public String qualifiedResource() {
        return group().isEmpty() ? plural : plural + "." + group();
    }

    /** The path of the object itself, without subresource. */
    public String objectPath() {
        return collectionPath() + "/" + name;
    }
}
