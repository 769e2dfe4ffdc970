package io.guestops.grr.embedded.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The resource types the embedded API server advertises: the built-in types kubectl and the
 * operator touch, plus the custom resources of the CRDs installed at start.
 */
public final class ApiCatalogue {

    private static final List<ResourceType> BUILT_IN = List.of(
            builtIn("", "v1", "Namespace", "namespaces", List.of("ns"), false),
            builtIn("", "v1", "Event", "events", List.of("ev"), true),
            builtIn("", "v1", "Secret", "secrets", List.of(), true),
            builtIn("", "v1", "ConfigMap", "configmaps", List.of("cm"), true),
            builtIn("", "v1", "ServiceAccount", "serviceaccounts", List.of("sa"), true),
            builtIn("coordination.k8s.io", "v1", "Lease", "leases", List.of(), true),
            builtIn("events.k8s.io", "v1", "Event", "events", List.of("ev"), true),
            builtIn("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
                    List.of("crd", "crds"), false),
            new ResourceType("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews",
                    "", List.of(), false, false, List.of("create")));

    private final List<ResourceType> types;
    private final List<CustomResourceType> customResources;

    private ApiCatalogue(List<CustomResourceType> customResources) {
        this.customResources = List.copyOf(customResources);
        List<ResourceType> all = new ArrayList<>(BUILT_IN);
        customResources.forEach(c -> all.add(c.type()));
        this.types = List.copyOf(all);
    }

    public static ApiCatalogue withCustomResources(List<CustomResourceType> customResources) {
        return new ApiCatalogue(customResources);
    }

    private static ResourceType builtIn(String group, String version, String kind, String plural,
                                        List<String> shortNames, boolean namespaced) {
        return new ResourceType(group, version, kind, plural, "", shortNames, namespaced, false,
                ResourceType.ALL_VERBS);
    }

    public List<ResourceType> types() {
        return types;
    }

    public List<ResourceType> typesIn(String groupVersion) {
        return types.stream().filter(t -> t.groupVersion().equals(groupVersion)).toList();
    }

    /** Named groups (not the core group) in a stable order. */
    public Set<String> groups() {
        Set<String> groups = new LinkedHashSet<>();
        types.stream().map(ResourceType::group).filter(g -> !g.isEmpty()).forEach(groups::add);
        return groups;
    }

    public Set<String> groupVersions() {
        Set<String> groupVersions = new LinkedHashSet<>();
        types.forEach(t -> groupVersions.add(t.groupVersion()));
        return groupVersions;
    }

    public Optional<ResourceType> find(String groupVersion, String plural) {
        return types.stream()
                .filter(t -> t.groupVersion().equals(groupVersion) && t.plural().equals(plural))
                .findFirst();
    }

    public Optional<CustomResourceType> customResource(String groupVersion, String plural) {
        return customResources.stream()
                .filter(c -> c.type().groupVersion().equals(groupVersion) && c.type().plural().equals(plural))
                .findFirst();
    }

    public List<CustomResourceType> customResources() {
        return customResources;
    }
}
