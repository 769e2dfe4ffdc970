package io.guestops.grr.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.guestops.grr.schema.FieldError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mock server's dispatcher, with what the API server's registry does and the mock's CRUD
 * store does not. Both the Fabric8 client and the kubectl front reach the mock through it, so
 * both get the same answers:
 * <ul>
 *   <li>label selectors with the full grammar (set-based too) for list, watch and deletecollection,
 *   a malformed one refused with 400;</li>
 *   <li>lists ordered by namespace, then name;</li>
 *   <li>{@code dryRun=All} on delete deletes nothing (other dry-run writes are refused here: the
 *   kubectl front answers those of custom resources itself);</li>
 *   <li>on create: Secret data must be base64, the namespace must exist, the name must be valid
 *   ({@code generateName} is honoured), and an existing object is AlreadyExists;</li>
 *   <li>every Namespace carries its name as the label {@value NamespaceNameLabel#KEY}, whatever a
 *   create or an update says ({@link NamespaceNameLabel});</li>
 *   <li>NotFound names the object;</li>
 *   <li>a status update carrying a stale resourceVersion is a 409 Conflict;</li>
 *   <li>server-side apply (PATCH {@value ApplyConfigurations#MEDIA_TYPE}), approximated without
 *   field ownership ({@link ServerSideApply}); an apply that creates is checked as a create;</li>
 *   <li>every request is counted by method and path ({@link #requestCount}), so a test can prove a
 *   client does not ask for something.</li>
 * </ul>
 * Answers recorded as expectations (fault injection, SelfSubjectRulesReview) win over all of this,
 * as they win over the CRUD store.
 */
public final class RegistryDispatcher extends Dispatcher {

    private static final Comparator<JsonNode> NAMESPACE_THEN_NAME = Comparator
            .<JsonNode, String>comparing(item -> item.path("metadata").path("namespace").asText(""))
            .thenComparing(item -> item.path("metadata").path("name").asText(""));

    private final ObjectMapper json = new ObjectMapper();
    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final ObjectStore store;
    private final ObjectNames names = new ObjectNames();
    private final ServerSideApply serverSideApply;
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private volatile Duration watchLag = Duration.ZERO;

    /** {@code expectations} must be the map the mock server records expectations in. */
    public RegistryDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.expectations = expectations;
        this.store = new ObjectStore(expectations);
        this.serverSideApply = new ServerSideApply(store::dispatch, this::create);
    }

    /** How many requests with this method reached the API for this path (without query). */
    public long requestCount(String method, String path) {
        LongAdder count = requestCounts.get(method + " " + path);
        return count == null ? 0 : count.sum();
    }

    /** How many requests with this method reached the API for paths starting with {@code pathPrefix}. */
    public long requestCountUnder(String method, String pathPrefix) {
        String prefix = method + " " + pathPrefix;
        return requestCounts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().sum()).sum();
    }

    /**
     * Restores objects straight into the store, as a restore of the API server's storage would
     * (see {@link ObjectStore#restore}): for inventories too large to create request by request.
     * Call it while no client writes.
     */
    public void restore(String collectionPath, GenericKubernetesResource object) {
        store.restore(collectionPath, object);
    }

    /**
     * Every watch opened from now on delivers each event after a random delay up to {@code upTo}, in
     * order within the watch ({@link LaggingWatch}); zero turns it off for later watches.
     */
    public void lagWatches(Duration upTo) {
        watchLag = upTo;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String target = request.getPath();
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        Query query = Query.parse(question < 0 ? null : target.substring(question + 1));
        requestCounts.computeIfAbsent(request.method() + " " + rawPath, key -> new LongAdder()).increment();
        Optional<ApiPath> path = ApiPath.parse(rawPath);
        if (path.isEmpty() || isExpected(request)) {
            return store.dispatch(request);
        }
        try {
            return switch (request.method()) {
                case GET -> read(request, path.get(), rawPath, query);
                case POST -> create(request, path.get(), query);
                case PUT, PATCH -> update(request, path.get(), query);
                case DELETE -> delete(request, path.get(), rawPath, query);
                default -> store.dispatch(request);
            };
        } catch (IOException e) {
            return status(ApiErrors.badRequest("the request body is not valid JSON: " + e.getMessage()));
        }
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    private boolean isExpected(RecordedRequest request) {
        return store.hasQueuedAnswer(request);
    }

    private MockResponse read(RecordedRequest request, ApiPath path, String rawPath, Query query)
            throws IOException {
        if (!path.isCollection()) {
            return namedNotFound(store.dispatch(request), path);
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(query.get("labelSelector"));
        } catch (IllegalArgumentException e) {
            return status(ApiErrors.badRequest(e.getMessage()));
        }
        MockResponse answer = store.dispatch(get(rawPath + query.without("labelSelector")));
        if (query.isTrue("watch")) {
            return lagged(selector.selectsEverything() || answer.getWebSocketListener() == null ? answer
                    : answer.withWebSocketUpgrade(new SelectedWatch(answer.getWebSocketListener(), selector)));
        }
        if (answer.code() != 200 || answer.getBody() == null) {
            return answer;
        }
        JsonNode list = json.readTree(answer.getBody().getBytes());
        if (!list.path("items").isArray()) {
            return answer;
        }
        ((ObjectNode) list).set("items", json.valueToTree(selected(list, selector)));
        return answer.setBody(list.toString());
    }

    private MockResponse lagged(MockResponse watch) {
        Duration lag = watchLag;
        return lag.isZero() || watch.getWebSocketListener() == null ? watch
                : watch.withWebSocketUpgrade(new LaggingWatch(watch.getWebSocketListener(), lag));
    }

    /** The list's items the selector picks, ordered as the API server orders them. */
    private static List<JsonNode> selected(JsonNode list, LabelSelector selector) {
        List<JsonNode> items = new ArrayList<>();
        list.path("items").forEach(item -> {
            if (selector.matches(item)) {
                items.add(item);
            }
        });
        items.sort(NAMESPACE_THEN_NAME);
        return items;
    }

    private MockResponse create(RecordedRequest request, ApiPath path, Query query) throws IOException {
        if (!path.isCollection()) {
            return store.dispatch(request);
        }
        JsonNode body = json.readTree(request.getBody().getBytes());
        if (!body.isObject()) {
            return store.dispatch(request);
        }
        ObjectNode object = (ObjectNode) body;
        Optional<MockResponse> refusal = refusedWrite(path, object, query)
                .or(() -> missingNamespace(path));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        names.generateName(object);
        List<FieldError> problems = ObjectNames.problems(path, object);
        if (!problems.isEmpty()) {
            String kind = object.path("kind").asText(path.plural());
            return status(ApiErrors.invalid(path.group(), kind, object.path("metadata").path("name").asText(""), problems));
        }
        if (path.isNamespaces()) {
            NamespaceNameLabel.setOn(object);
        }
        MockResponse answer = store.dispatch(withBody(request, object));
        if (answer.code() == 409) {
            return status(ApiErrors.alreadyExists(path.group(), path.plural(), object.path("metadata").path("name").asText()));
        }
        return answer;
    }

    private MockResponse update(RecordedRequest request, ApiPath path, Query query) throws IOException {
        if (request.method() == HttpMethod.PATCH && ApplyConfigurations.isApply(request.getHeader("Content-Type"))) {
            return apply(request, path, query);
        }
        JsonNode body = json.readTree(request.getBody().getBytes());
        Optional<MockResponse> refusal = refusedWrite(path, body == null ? json.nullNode() : body, query);
        if (refusal.isEmpty() && request.method() == HttpMethod.PUT && path.subresource() != null) {
            refusal = staleSubresourceUpdate(path, body);
        }
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return namedNotFound(store.dispatch(request), path);
    }

    /**
     * The store checks the resourceVersion of a status update against the object it is about to
     * write, not the body: a PUT of a stale status would overwrite. The API server refuses it (409),
     * and the operator's intent-before-reset rule relies on that.
     */
    private Optional<MockResponse> staleSubresourceUpdate(ApiPath path, JsonNode body) throws IOException {
        String version = body == null ? "" : body.path("metadata").path("resourceVersion").asText("");
        if (version.isEmpty()) {
            return Optional.empty();
        }
        MockResponse live = store.dispatch(get(path.objectPath()));
        if (live.code() != 200 || version.equals(json.readTree(live.getBody().getBytes()).path("metadata")
                .path("resourceVersion").asText())) {
            return Optional.empty();
        }
        return Optional.of(status(ApiErrors.conflict(path.group(), path.plural(), path.name())));
    }

    private MockResponse apply(RecordedRequest request, ApiPath path, Query query) throws IOException {
        if (path.isCollection()) {
            return store.dispatch(request);
        }
        JsonNode configuration = ApplyConfigurations.parse(request.getBody().getBytes());
        Optional<MockResponse> refusal = refusedWrite(path, configuration, query);
        return refusal.isPresent() ? refusal.get() : serverSideApply.apply(path, query, configuration);
    }

    /** Refusals any write gets before the object is looked at: undecodable Secret data, a dry run. */
    private static Optional<MockResponse> refusedWrite(ApiPath path, JsonNode body, Query query) {
        if (path.group().isEmpty() && path.plural().equals("secrets")) {
            Optional<String> undecodable = SecretData.undecodable(body);
            if (undecodable.isPresent()) {
                return Optional.of(status(ApiErrors.badRequest(undecodable.get())));
            }
        }
        return query.get("dryRun") != null ? Optional.of(refusedDryRun()) : Optional.empty();
    }

    private static MockResponse refusedDryRun() {
        // the CRUD store would apply it: refuse rather than pretend (kubectl's dry runs of custom
        // resources are answered by the kubectl front before they get here)
        return status(ApiErrors.badRequest("the embedded API server supports dryRun only for deletes, "
                + "and for writes of custom resources through kubectl"));
    }

    /** The namespace admission check: nothing is created in a namespace that does not exist. */
    private Optional<MockResponse> missingNamespace(ApiPath path) {
        if (path.namespace() == null || store.dispatch(get("/api/v1/namespaces/" + path.namespace())).code() == 200) {
            return Optional.empty();
        }
        return Optional.of(status(ApiErrors.notFound("", "namespaces", path.namespace())));
    }

    private MockResponse delete(RecordedRequest request, ApiPath path, String rawPath, Query query)
            throws IOException {
        boolean dryRun = query.get("dryRun") != null || isDryRun(request);
        if (!path.isCollection()) {
            return dryRun ? namedNotFound(store.dispatch(get(path.objectPath())), path)
                    : namedNotFound(store.dispatch(request), path);
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(query.get("labelSelector"));
        } catch (IllegalArgumentException e) {
            return status(ApiErrors.badRequest(e.getMessage()));
        }
        if (selector.selectsEverything() && !dryRun) {
            return store.dispatch(request);
        }
        MockResponse listed = read(get(rawPath), path, rawPath, query.minus("dryRun", "propagationPolicy",
                "gracePeriodSeconds"));
        if (listed.code() != 200 || dryRun) {
            return listed;
        }
        JsonNode list = json.readTree(listed.getBody().getBytes());
        ArrayNode deleted = json.createArrayNode();
        for (JsonNode item : list.path("items")) {
            String object = rawPath + "/" + item.path("metadata").path("name").asText();
            MockResponse answer = store.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.DELETE, object,
                    request.getHeaders(), new Buffer()));
            if (answer.code() == 200) {
                deleted.add(item);
            }
        }
        ((ObjectNode) list).set("items", deleted);
        return listed.setBody(list.toString());
    }

    /** kubectl puts dryRun in the DeleteOptions body, the Fabric8 client may put it in the query. */
    private boolean isDryRun(RecordedRequest request) throws IOException {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (body.length == 0) {
            return false;
        }
        JsonNode dryRun = json.readTree(body).path("dryRun");
        return dryRun.isArray() && !dryRun.isEmpty();
    }

    /** The CRUD store answers 404 with no body or a generic one; the API server names the object. */
    private static MockResponse namedNotFound(MockResponse answer, ApiPath path) {
        return answer.code() == 404 ? status(ApiErrors.notFound(path.group(), path.plural(), path.name())) : answer;
    }

    private static RecordedRequest get(String pathAndQuery) {
        return new RecordedRequest("HTTP/1.1", HttpMethod.GET, pathAndQuery, Headers.builder().build(), new Buffer());
    }

    private RecordedRequest withBody(RecordedRequest request, JsonNode body) throws IOException {
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(json.writeValueAsBytes(body)));
    }

    static MockResponse status(ObjectNode status) {
        return new MockResponse().setResponseCode(status.path("code").asInt())
                .setHeader("Content-Type", "application/json")
                .setBody(status.toString().getBytes(StandardCharsets.UTF_8));
    }
}
