package io.guestops.grr.embedded.registry;

import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * The objects behind the embedded API, as Fabric8's mixed dispatcher keeps them: an answer queued
 * for a request (an injected fault) wins, everything else goes to the CRUD store, here the
 * {@link IndexedCrudStore}.
 */
final class ObjectStore extends Dispatcher {

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher queuedAnswers;
    private final IndexedCrudStore objects = new IndexedCrudStore();

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

    @Override
    public void shutdown() {
        queuedAnswers.shutdown();
        objects.shutdown();
    }
}
