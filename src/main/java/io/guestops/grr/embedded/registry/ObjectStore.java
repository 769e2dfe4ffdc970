package io.guestops.grr.embedded.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
 * The objects behind the embedded API, as Fabric8's mixed dispatcher keeps them: an answer queued
 * for a request (an injected fault) wins, everything else goes to the CRUD store, here the
 * {@link IndexedCrudStore}.
 */
final class ObjectStore extends Dispatcher {

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher queuedAnswers;
    /** The registry's one update rule the store must apply itself: a patch is only resolved in there. */
    private final IndexedCrudStore objects = new IndexedCrudStore(NamespaceNameLabel::keepOnUpdate);

    ObjectStore(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.expectations = expectations;
        this.queuedAnswers = new MockDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        return hasQueuedAnswer(request) ? queuedAnswers.dispatch(request) : objects.dispatch(request);
    }

    /** True when an answer was queued for exactly this request (method and path with query). */
    boolean hasQueuedAnswer(RecordedRequest request) {
        Queue<ServerResponse> queued = expectations.get(new SimpleRequest(request.method(), request.getPath()));
        return queued != null && !queued.isEmpty();
    }

    /**
     * Puts an object into the store as it would be after its create and status writes, as a restore
     * of the API server's storage does: no admission, no validation, metadata the server sets is set
     * here: tens of thousands of settled objects in place in seconds, for inventory tests and the benchmark.
     */
    void restore(String collectionPath, GenericKubernetesResource object) {
        object.getMetadata().setUid(UUID.randomUUID().toString());
        object.getMetadata().setCreationTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        object.getMetadata().setGeneration(1L);
        object.getMetadata().setResourceVersion(String.valueOf(objects.requestResourceVersion()));
        objects.processEvent(collectionPath, objects.getKey(collectionPath), null, object, Serialization.asJson(object));
    }

    @Override
    public void shutdown() {
        queuedAnswers.shutdown();
        objects.shutdown();
    }
}
