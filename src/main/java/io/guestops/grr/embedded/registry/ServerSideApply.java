package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.guestops.grr.schema.FieldError;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Server-side apply on top of the CRUD store, which refuses it (415): the apply configuration
 * creates the object when it is absent, and is otherwise merged into the live object
 * ({@link ApplyConfigurations}) and stored with an update, so the store's own rules hold: a
 * {@code /status} apply changes only the status, an apply to the object leaves a status
 * subresource alone, the generation moves when the spec changes, and a resourceVersion in the
 * configuration that is not the live one is a 409 Conflict. Without a resourceVersion an apply
 * never conflicts: a write that slipped in between the read and the update is merged again, as the
 * API server retries internally.
 */
final class ServerSideApply {

    /** How often an apply without resourceVersion is merged again after losing a race. */
    private static final int ATTEMPTS = 5;

    /** The CRUD store. */
    interface Store {
        MockResponse dispatch(RecordedRequest request);
    }

    /** A create with the registry's admission checks (namespace, name, AlreadyExists), {@code path} the collection's. */
    interface Creation {
        MockResponse create(RecordedRequest request, ApiPath path, Query query) throws IOException;
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Store store;
    private final Creation creation;

    ServerSideApply(Store store, Creation creation) {
        this.store = store;
        this.creation = creation;
    }

    MockResponse apply(ApiPath path, Query query, JsonNode configuration) throws IOException {
        Optional<ObjectNode> refusal = refusedOptions(query).or(() -> refusedConfiguration(path, configuration));
        if (refusal.isPresent()) {
            return RegistryDispatcher.status(refusal.get());
        }
        boolean versioned = !configuration.path("metadata").path("resourceVersion").asText("").isEmpty();
        // without a version an apply never conflicts: a write that slipped in between is merged again
        MockResponse answer = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            MockResponse live = store.dispatch(request(HttpMethod.GET, path.objectPath(), null));
            if (live.code() == 404) {
                answer = create(path, query, configuration);
                if (answer.code() != 409) {
                    return answer;
                }
                continue; // created in between: apply onto it
            }
            if (live.code() != 200) {
                return live;
            }
            answer = update(path, json.readTree(live.getBody().getBytes()), configuration);
            if (answer.code() != 409 || versioned) {
                return answer;
            }
        }
        return answer;
    }

    /** PatchOptions as the API server validates them, before it looks at the object. */
    private static Optional<ObjectNode> refusedOptions(Query query) {
        String manager = query.get("fieldManager");
        if (manager == null || manager.isEmpty()) {
            // This is what the API server answers (422, not 400): kubectl defaults the field manager,
            // controllers must set it.
            return Optional.of(ApiErrors.invalid("meta.k8s.io", "PatchOptions", "",
                    List.of(new FieldError("fieldManager", "FieldValueRequired", "Required value: is required for apply patch"))));
        }
        return Optional.empty();
    }

    private static Optional<ObjectNode> refusedConfiguration(ApiPath path, JsonNode configuration) {
        if (!configuration.isObject()) {
            return Optional.of(ApiErrors.badRequest("the body of an apply patch must be an object"));
        }
        String apiVersion = configuration.path("apiVersion").asText("");
        if (apiVersion.isEmpty() || configuration.path("kind").asText("").isEmpty()) {
            return Optional.of(ApiErrors.badRequest("invalid object type: an apply configuration needs apiVersion and kind"));
        }
        if (!apiVersion.equals(path.groupVersion())) {
            return Optional.of(ApiErrors.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + path.groupVersion() + ")"));
        }
        String name = configuration.path("metadata").path("name").asText("");
        if (!name.equals(path.name())) {
            return Optional.of(ApiErrors.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + path.name() + ")"));
        }
        if (!configuration.path("metadata").path("managedFields").isMissingNode()
                && !configuration.path("metadata").path("managedFields").isNull()) {
            return Optional.of(ApiErrors.badRequest("metadata.managedFields must be nil"));
        }
        return Optional.empty();
    }

    /**
     * An apply to an absent object creates it, as a POST to the collection would, with every check
     * of a create (the namespace must exist, the name must be valid); a subresource of an absent
     * object is NotFound.
     */
    private MockResponse create(ApiPath path, Query query, JsonNode configuration) throws IOException {
        if (path.subresource() != null) {
            return RegistryDispatcher.status(ApiErrors.notFound(path.group(), path.plural(), path.name()));
        }
        ObjectNode object = configuration.deepCopy();
        ((ObjectNode) object.path("metadata")).remove("resourceVersion");
        return creation.create(request(HttpMethod.POST, path.collectionPath(), object), path.collection(),
                query.minus("fieldManager", "force", "fieldValidation"));
    }

    /** Merges the configuration into the live object and stores it at the request's path (object or status). */
    private MockResponse update(ApiPath path, JsonNode live, JsonNode configuration) throws IOException {
        String liveVersion = live.path("metadata").path("resourceVersion").asText();
        String appliedVersion = configuration.path("metadata").path("resourceVersion").asText("");
        if (!appliedVersion.isEmpty() && !appliedVersion.equals(liveVersion)) {
            // checked here: the store checks the version of a status update against itself
            return RegistryDispatcher.status(ApiErrors.conflict(path.group(), path.plural(), path.name()));
        }
        ObjectNode merged = (ObjectNode) ApplyConfigurations.merge(live, configuration);
        ((ObjectNode) merged.path("metadata")).put("resourceVersion", liveVersion);
        String target = path.objectPath() + (path.subresource() == null ? "" : "/" + path.subresource());
        MockResponse answer = store.dispatch(request(HttpMethod.PUT, target, merged));
        return answer.code() == 404 ? RegistryDispatcher.status(ApiErrors.notFound(path.group(), path.plural(), path.name()))
                : answer;
    }

    private RecordedRequest request(HttpMethod method, String target, JsonNode body) throws IOException {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, target, headers,
                body == null ? new Buffer() : new Buffer(json.writeValueAsBytes(body)));
    }
}
