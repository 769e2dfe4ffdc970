package io.guestops.grr.embedded.front;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.guestops.grr.embedded.api.ApiCatalogue;
import io.guestops.grr.embedded.api.CustomResourceType;
import io.guestops.grr.embedded.api.DiscoveryDocuments;
import io.guestops.grr.embedded.api.OpenApiDocuments;
import io.guestops.grr.embedded.api.ResourceType;
import io.guestops.grr.embedded.registry.ApiPath;
import io.guestops.grr.embedded.registry.ApplyConfigurations;
import io.guestops.grr.embedded.registry.LabelSelector;
import io.guestops.grr.embedded.registry.Query;
import io.guestops.grr.embedded.table.TableRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The HTTP endpoint kubectl talks to. It answers what the Fabric8 mock server cannot - discovery,
 * OpenAPI v3, server-side printing (Table), field selectors, HTTP-streamed watches and schema
 * validation of custom resources - and forwards everything else to the mock verbatim, so kubectl
 * and the Fabric8 client see the same objects.
 */
public final class KubectlFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubectlFront.class);

    private final ObjectMapper json = new ObjectMapper();
    private final ApiCatalogue catalogue;
    private final DiscoveryDocuments discovery;
    private final OpenApiDocuments openApi;
    private final MockForwarder mock;
    private final WatchRelay watches;
    private final Map<String, TableRenderer> tables = new LinkedHashMap<>();
    private final Map<String, CustomResourceWrites> writes = new LinkedHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    private KubectlFront(URI mockBase, ApiCatalogue catalogue, Clock clock) throws IOException {
        this.catalogue = catalogue;
        this.discovery = new DiscoveryDocuments(catalogue);
        this.openApi = new OpenApiDocuments(catalogue);
        this.mock = new MockForwarder(mockBase);
        this.watches = new WatchRelay(mockBase, Duration.ofSeconds(5));
        for (CustomResourceType custom : catalogue.customResources()) {
            String key = key(custom.type().groupVersion(), custom.type().plural());
            tables.put(key, new TableRenderer(custom.printerColumns(), clock));
            writes.put(key, new CustomResourceWrites(custom));
        }
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "embedded-kube-front");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts on a free loopback port in front of the mock at {@code mockBase}. */
    public static KubectlFront start(URI mockBase, ApiCatalogue catalogue, Clock clock) throws IOException {
        KubectlFront front = new KubectlFront(mockBase, catalogue, clock);
        front.server.start();
        return front;
    }

    public URI url() {
        return URI.create("http://" + hostAndPort());
    }

    private String hostAndPort() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Responses.status(exchange, 503, "ServiceUnavailable", "the embedded API server is stopping");
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e.toString());
            Responses.status(exchange, 500, "InternalError", "embedded API server: " + e.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Query query = Query.parse(exchange.getRequestURI().getRawQuery());
        if (method.equals("GET")) {
            Optional<String> document = discovery.forPath(path, hostAndPort()).or(() -> openApi.forPath(path));
            if (document.isPresent()) {
                Responses.json(exchange, 200, document.get());
                return;
            }
            if (path.equals(OpenApiDocuments.V2_PATH)) {
                String accept = exchange.getRequestHeaders().getFirst("Accept");
                if (accept != null && accept.contains("protobuf")) {
                    Responses.send(exchange, 200, OpenApiDocuments.V2_PROTOBUF, openApi.v2Protobuf());
                } else {
                    Responses.json(exchange, 200, openApi.v2Json());
                }
                return;
            }
            if (path.startsWith("/openapi/")) {
                Responses.status(exchange, 404, "NotFound", "the server could not find the requested resource");
                return;
            }
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
            // kubectl's imperative generators (create configmap, create secret) send protobuf, which
            // the mock cannot read (it would never answer)
            Responses.status(exchange, 415, "UnsupportedMediaType", "the embedded API server reads JSON only:"
                    + " write the object as a manifest and use kubectl apply -f or kubectl create -f");
            return;
        }
        Optional<ApiPath> apiPath = ApiPath.parse(path);
        if (apiPath.isEmpty() || catalogue.find(apiPath.get().groupVersion(), apiPath.get().plural()).isEmpty()) {
            // kubectl adds ?timeout=32s to /version and the like; the mock's recorded answers match
            // the exact path, so with the query the CRUD dispatcher would answer instead.
            forward(exchange, path + query.without("timeout"), exchange.getRequestBody().readAllBytes());
            return;
        }
        ApiPath resourcePath = apiPath.get();
        switch (method) {
            case "GET" -> read(exchange, resourcePath, query);
            case "POST", "PUT", "PATCH" -> write(exchange, resourcePath, query);
            default -> forward(exchange, path + rawQuery(exchange), exchange.getRequestBody().readAllBytes());
        }
    }

    private void read(HttpExchange exchange, ApiPath path, Query query) throws IOException, InterruptedException {
        Optional<TableRenderer> table = wantsTable(exchange)
                ? Optional.ofNullable(tables.get(key(path.groupVersion(), path.plural()))) : Optional.empty();
        if (query.isTrue("watch")) {
            Optional<String> badSelector = selectorError(query);
            if (badSelector.isPresent()) {
                // the mock would refuse the WebSocket upgrade with no way to say why
                Responses.status(exchange, 400, "BadRequest", badSelector.get());
                return;
            }
            UnaryOperator<JsonNode> render = table
                    .<UnaryOperator<JsonNode>>map(t -> object -> t.render(List.of(object), null, query.get("includeObject")))
                    .orElse(UnaryOperator.identity());
            watches.stream(exchange, path, query, render);
            return;
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        MockForwarder.Answer answer = mock.get(rawPath + query.without("fieldSelector", "limit", "continue"));
        if (answer.status() != 200) {
            Responses.send(exchange, answer.status(), answer.contentType(), answer.body());
            return;
        }
        JsonNode body = json.readTree(answer.body());
        if (path.isCollection()) {
            ResourceType type = catalogue.find(path.groupVersion(), path.plural()).orElseThrow();
            ObjectNode list = selected((ObjectNode) body, type, FieldSelector.parse(query.get("fieldSelector")));
            JsonNode out = table.<JsonNode>map(t -> t.render(items(list), list.path("metadata").path("resourceVersion").asText(null),
                    query.get("includeObject"))).orElse(list);
            Responses.json(exchange, 200, out.toString());
        } else {
            JsonNode out = table.<JsonNode>map(t -> t.render(List.of(body), body.path("metadata").path("resourceVersion").asText(null),
                    query.get("includeObject"))).orElse(body);
            Responses.json(exchange, 200, out.toString());
        }
    }

    private static Optional<String> selectorError(Query query) {
        try {
            LabelSelector.parse(query.get("labelSelector"));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The list with the items the selector picks, typed as the API server types it (KindList). */
    private ObjectNode selected(ObjectNode list, ResourceType type, FieldSelector selector) {
        ArrayNode kept = json.createArrayNode();
        list.path("items").forEach(item -> {
            if (selector.matches(item)) {
                kept.add(item);
            }
        });
        list.set("items", kept);
        list.put("apiVersion", type.groupVersion());
        list.put("kind", type.kind() + "List");
        return list;
    }

    private static List<JsonNode> items(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.path("items").forEach(items::add);
        return items;
    }

    private void write(HttpExchange exchange, ApiPath path, Query query) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean apply = method(exchange).equals("PATCH") && ApplyConfigurations.isApply(contentType(exchange));
        // The mock recognises a status write only by a path ending in /status: a query
        // (kubectl always adds fieldManager) would make it a main-resource write that drops the status.
        // A server-side apply keeps its options: the registry needs them and writes to a clean path.
        String target = exchange.getRequestURI().getRawPath()
                + (apply ? query.without("fieldValidation", "pretty") : query.without("fieldManager", "fieldValidation", "pretty"));
        CustomResourceWrites rules = writes.get(key(path.groupVersion(), path.plural()));
        boolean dryRun = query.get("dryRun") != null;
        if (rules == null && isStrategicMergePatch(exchange)) {
            Optional<JsonNode> mergePatch = StrategicMergePatches.asMergePatch(json.readTree(body));
            if (mergePatch.isEmpty()) {
                Responses.status(exchange, 415, "UnsupportedMediaType",
                        "the embedded API server cannot apply strategic merge patch directives: use --type=merge");
                return;
            }
            forward(exchange, target, json.writeValueAsBytes(mergePatch.get()), "application/merge-patch+json");
            return;
        }
        if (rules == null || body.length == 0) {
            if (dryRun) {
                // the mock would store it: refuse rather than pretend
                Responses.status(exchange, 400, "BadRequest", "the embedded API server supports dryRun only for custom resources");
                return;
            }
            forward(exchange, target, body);
            return;
        }
        String method = exchange.getRequestMethod();
        Optional<JsonNode> current = Optional.empty();
        if (method.equals("PATCH") && path.name() != null) {
            MockForwarder.Answer stored = mock.get(path.objectPath());
            if (stored.status() == 200) {
                current = Optional.of(json.readTree(stored.body()));
            }
        }
        if (apply && current.isEmpty() && path.subresource() != null) {
            forward(exchange, target, body); // NotFound, from the registry
            return;
        }
        CustomResourceWrites.Verdict verdict;
        try {
            verdict = rules.judge(method, contentType(exchange), body,
                    Optional.ofNullable(query.get("fieldValidation")).orElse("Warn"), path.name(), current);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | io.fabric8.zjsonpatch.JsonPatchException e) {
            Responses.status(exchange, 400, "BadRequest", "the request body is not valid: " + e.getMessage());
            return;
        }
        if (verdict.refusal() != null) {
            Responses.json(exchange, verdict.refusal().path("code").asInt(), verdict.refusal().toString());
            return;
        }
        verdict.warnings().forEach(w -> exchange.getResponseHeaders().add("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\""));
        if (dryRun) {
            answerDryRun(exchange, method, verdict);
            return;
        }
        forward(exchange, target, verdict.body());
    }

    /** A server-side dry run answers with the object the write would store, and stores nothing. */
    private void answerDryRun(HttpExchange exchange, String method, CustomResourceWrites.Verdict verdict) throws IOException {
        if (verdict.result().isEmpty()) {
            Responses.status(exchange, 404, "NotFound", "the object to patch does not exist");
            return;
        }
        Responses.json(exchange, method.equals("POST") ? 201 : 200, verdict.result().get().toString());
    }

    private void forward(HttpExchange exchange, String target, byte[] body) throws IOException, InterruptedException {
        forward(exchange, target, body, null);
    }

    private void forward(HttpExchange exchange, String target, byte[] body, String contentType)
            throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        if (contentType != null) {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
            headers.put("Content-Type", contentType);
        }
        MockForwarder.Answer answer = mock.send(exchange.getRequestMethod(), target, headers, body);
        Responses.send(exchange, answer.status(), answer.contentType(), answer.body());
    }

    private static String method(HttpExchange exchange) {
        return exchange.getRequestMethod();
    }

    private static String contentType(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Content-Type");
    }

    private static boolean isStrategicMergePatch(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        return exchange.getRequestMethod().equals("PATCH") && contentType != null
                && contentType.startsWith("application/strategic-merge-patch+json");
    }

    private static boolean wantsTable(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("as=Table");
    }

    private static String rawQuery(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? "" : "?" + raw;
    }

    private static String key(String groupVersion, String plural) {
        return groupVersion + "/" + plural;
    }

}
