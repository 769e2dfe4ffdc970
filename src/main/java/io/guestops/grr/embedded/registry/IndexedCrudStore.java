package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Fabric8's CRUD store with an index by (plural, namespace, name). The store keeps objects in one
 * map and answers a request for one object by testing every stored object against the request,
 * so each request cost O(objects): a thousand resets, with their Events, made the embedded API
 * the busiest part of the process, and ten thousand resources made it quadratic. A request naming
 * one object now looks it up; lists and watches still scan, as they must.
 *
 * <p>The index is kept in {@link #processEvent}, the one place the store adds, replaces and removes
 * objects, so an object the index does not know does not exist. A candidate the index names is
 * still checked against the request the way the store checks it ({@link AttributeSet#matches}).
 *
 * <p>It also lets the registry prepare every update before it is stored ({@link UpdatePreparation}).
 */
final class IndexedCrudStore extends KubernetesCrudDispatcher {

    /** What the API server does to an object being updated before storing it (a strategy's PrepareForUpdate). */
    interface UpdatePreparation {
        /** Changes {@code updated}, the object about to be stored in place of {@code current}. */
        void prepare(JsonNode current, JsonNode updated);
    }

    private record ObjectName(String plural, String namespace, String name) {}

    private final Map<ObjectName, Set<AttributeSet>> index = new ConcurrentHashMap<>();
    /**
     * Held while an object is replaced (the store removes the old key before it adds the new one),
     * so a lookup outside the store's own lock never sees an object missing in between.
     */
    private final ReadWriteLock replacing = new ReentrantReadWriteLock();
    private final UpdatePreparation prepareForUpdate;

    IndexedCrudStore(UpdatePreparation prepareForUpdate) {
        this.prepareForUpdate = prepareForUpdate;
    }

    /** The stored object a request names, or null; the store's own lock is held by the caller. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        Optional<ObjectName> named = objectName(query);
        if (named.isEmpty()) {
            return super.findResource(query);
        }
        for (AttributeSet candidate : index.getOrDefault(named.get(), Set.of())) {
            String stored = map.get(candidate);
            if (stored != null && candidate.matches(query)) {
                return new AbstractMap.SimpleImmutableEntry<>(candidate, stored);
            }
        }
        return null;
    }

    /** A GET of one object is a lookup; lists, watches and API discovery go to the store. */
    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        if (path.contains("watch") || objectName(query).isEmpty()) {
            return super.handleGet(path);
        }
        Map.Entry<AttributeSet, String> found;
        replacing.readLock().lock();
        try {
            found = findResource(query);
        } finally {
            replacing.readLock().unlock();
        }
        return found == null
                ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
    }

    /**
     * The store calls this for every update (PUT, both patch types, and so every server-side apply
     * to an existing object) once it has the object to store, before it compares the two for the
     * resourceVersion and the generation: the one place an update can be prepared.
     */
    @Override
    public void preserveMetadata(JsonNode currentResource, JsonNode updatedResource) {
        super.preserveMetadata(currentResource, updatedResource);
        prepareForUpdate.prepare(currentResource, updatedResource);
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        AttributeSet stored = newState == null ? null : storedKey(pathAttributes, resource, newState);
        replacing.writeLock().lock();
        try {
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
            if (oldAttributes != null) {
                objectName(oldAttributes).ifPresent(name -> forget(name, oldAttributes));
            }
            if (stored != null) {
                objectName(stored).ifPresent(name -> index.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(stored));
            }
        } finally {
            replacing.writeLock().unlock();
        }
    }

    @Override
    public void reset() {
        super.reset();
        index.clear();
    }

    private void forget(ObjectName name, AttributeSet key) {
        index.computeIfPresent(name, (n, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
    }

    /** The key the store filed the object under: computed exactly as {@code processEvent} computes it. */
    private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
        AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
    }

    private static Optional<ObjectName> objectName(AttributeSet attributes) {
        String plural = single(attributes, KubernetesAttributesExtractor.PLURAL);
        String name = single(attributes, KubernetesAttributesExtractor.NAME);
        if (plural == null || name == null) {
            return Optional.empty();
        }
        return Optional.of(new ObjectName(plural, single(attributes, KubernetesAttributesExtractor.NAMESPACE), name));
    }

    private static String single(AttributeSet attributes, String key) {
        Attribute attribute = attributes.getAttribute(key);
        if (attribute == null) {
            return null;
        }
        List<?> values = attribute.getValues();
        return values.size() == 1 ? values.get(0).toString() : null;
    }
}
