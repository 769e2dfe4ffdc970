package io.guestops.grr.embedded.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
 * The mock's store as Fabric8's mixed dispatcher composes it (a recorded expectation wins, the
 * rest goes to the CRUD store), kept here so that objects can also be restored into it directly.
 */
final class CrudStore extends Dispatcher {

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher recorded;
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of());

    CrudStore(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.expectations = expectations;
        this.recorded = new MockDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> queued = expectations.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
        return queued != null && !queued.isEmpty() ? recorded.dispatch(request) : crud.dispatch(request);
    }

    /**
     * Puts an object into the store as it would be after its create and status writes, as a restore
     * of the API server's storage does: no admission, no validation, no watch event beyond what the
     * store itself sends. The store finds each object by scanning all of them, so creating tens of
     * thousands through requests costs O(n^2); a restore costs O(1) each.
     */
    void restore(String collectionPath, GenericKubernetesResource object) {
        object.getMetadata().setUid(UUID.randomUUID().toString());
        object.getMetadata().setCreationTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        object.getMetadata().setGeneration(1L);
        object.getMetadata().setResourceVersion(String.valueOf(crud.requestResourceVersion()));
        crud.processEvent(collectionPath, crud.getKey(collectionPath), null, object, Serialization.asJson(object));
    }

    @Override
    public void shutdown() {
        recorded.shutdown();
        crud.shutdown();
    }
}
