package io.guestops.grr.embedded.api;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The legacy (non-aggregated) discovery documents: /api, /api/v1, /apis, /apis/{group} and
 * /apis/{group}/{version}. kubectl builds its REST mapping (kinds, plurals, short names) from them.
 */
public final class DiscoveryDocuments {

    private final ApiCatalogue catalogue;

    public DiscoveryDocuments(ApiCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The JSON document for a discovery path, or empty when the path is not a discovery path. */
    public Optional<String> forPath(String path, String serverAddress) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        String[] segments = trimmed.substring(1).split("/");
        if (segments.length == 1 && segments[0].equals("api")) {
            return Optional.of(coreVersions(serverAddress));
        }
        if (segments.length == 2 && segments[0].equals("api")) {
            return resourceList(segments[1]);
        }
        if (segments.length == 1 && segments[0].equals("apis")) {
            return Optional.of(groupList());
        }
        if (segments.length == 2 && segments[0].equals("apis") && catalogue.groups().contains(segments[1])) {
            return Optional.of(Serialization.asJson(group(segments[1])));
        }
        if (segments.length == 3 && segments[0].equals("apis")) {
            return resourceList(segments[1] + "/" + segments[2]);
        }
        return Optional.empty();
    }

    private String coreVersions(String serverAddress) {
        return Serialization.asJson(new APIVersionsBuilder()
                .withVersions("v1")
                .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress)
                .build());
    }

    private String groupList() {
        List<APIGroup> groups = catalogue.groups().stream().map(this::group).toList();
        return Serialization.asJson(new APIGroupListBuilder().withGroups(groups).build());
    }

    private APIGroup group(String name) {
        List<GroupVersionForDiscovery> versions = new ArrayList<>();
        catalogue.groupVersions().stream()
                .filter(gv -> gv.startsWith(name + "/"))
                .forEach(gv -> versions.add(new GroupVersionForDiscoveryBuilder()
                        .withGroupVersion(gv).withVersion(gv.substring(name.length() + 1)).build()));
        return new APIGroupBuilder()
                .withName(name)
                .withVersions(versions)
                .withPreferredVersion(versions.get(0))
                .build();
    }

    private Optional<String> resourceList(String groupVersion) {
        List<ResourceType> types = catalogue.typesIn(groupVersion);
        if (types.isEmpty()) {
            return Optional.empty();
        }
        List<APIResource> resources = new ArrayList<>();
        for (ResourceType type : types) {
            resources.add(new APIResourceBuilder()
                    .withName(type.plural())
                    .withSingularName(type.singular())
                    .withNamespaced(type.namespaced())
                    .withKind(type.kind())
                    .withVerbs(type.verbs())
                    .withShortNames(type.shortNames().isEmpty() ? null : type.shortNames())
                    .build());
            if (type.statusSubresource()) {
                resources.add(new APIResourceBuilder()
                        .withName(type.plural() + "/status")
                        .withSingularName("")
                        .withNamespaced(type.namespaced())
                        .withKind(type.kind())
                        .withVerbs("get", "patch", "update")
                        .build());
            }
        }
        return Optional.of(Serialization.asJson(new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .withResources(resources)
                .build()));
    }
}
