package io.guestops.grr.kube;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * Sees every HTTP exchange of one Fabric8 client, the operator's own calls and JOSDK's informers
 * and leader election alike (they share the client), and reports the failures the operator did not
 * expect to a {@link KubernetesApiListener}. Each attempt counts: Fabric8's own retries too.
 * <p>
 * Expected, so not reported: 404 on a get (a claim Lease, a redeem-link Secret or an Event that does
 * not exist yet is asked for on purpose), 409 on a create, update or patch (optimistic locking, and a
 * Lease or Event another writer created first, is how the operator learns it lost a race), and 410 on
 * a list or watch (an informer's resource version expired: it lists again). Everything else of
 * 400 and above is, and so is a request that got no answer at all.
 */
public final class KubernetesApiErrors implements Interceptor {

    /** The name Fabric8 keys the interceptor by. */
    public static final String NAME = "grr-kubernetes-api-errors";

    /** The resources the operator uses; any other path is "other", so the label stays bounded. */
    private static final Set<String> KNOWN_RESOURCES = Set.of("guestredemptionresets", "guestredemptionresets/status",
            "guestredemptionpolicies", "namespaces", "secrets", "events", "leases", "selfsubjectrulesreviews",
            "selfsubjectaccessreviews", "customresourcedefinitions");
    private static final Set<Integer> NAMED_CODES = Set.of(400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429, 500, 502, 503, 504);

    private final KubernetesApiListener listener;

    public KubernetesApiErrors(KubernetesApiListener listener) {
        this.listener = listener;
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        int code = response.code();
        if (code < 400) {
            return;
        }
        String verb = verbOf(request);
        if (!expected(verb, code)) {
            listener.failed(verb, resourceOf(request), codeLabel(code));
        }
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        listener.failed(verbOf(request), resourceOf(request), timedOut(failure) ? "timeout" : "connection");
    }

    static boolean expected(String verb, int code) {
        return switch (code) {
            case 404 -> verb.equals("get");
            case 409 -> verb.equals("create") || verb.equals("update") || verb.equals("patch");
            case 410 -> verb.equals("list") || verb.equals("watch");
            default -> false;
        };
    }

    /** The RBAC verb the API server authorizes the request as. */
    static String verbOf(HttpRequest request) {
        String query = request.uri().getRawQuery();
        boolean named = pathParts(request).named();
        return switch (request.method()) {
            case "GET" -> query != null && query.matches("(.*&)?watch=(true|1)(&.*)?") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> "other";
        };
    }

    /** The resource (plural, with "/status" for that subresource) from the request's path, if the operator uses it. */
    static String resourceOf(HttpRequest request) {
        PathParts parts = pathParts(request);
        return KNOWN_RESOURCES.contains(parts.resource()) ? parts.resource() : "other";
    }

    static String codeLabel(int code) {
        return NAMED_CODES.contains(code) ? Integer.toString(code) : code < 500 ? "4xx" : "5xx";
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The resource a path names and whether it names one object: /api/v1/... or /apis/GROUP/VERSION/..., namespaced or not. */
    private record PathParts(String resource, boolean named) {
    }

    private static PathParts pathParts(HttpRequest request) {
        List<String> segments = List.of(request.uri().getRawPath().replaceAll("^/+|/+$", "").split("/+"));
        int prefix = segments.isEmpty() ? 0 : switch (segments.get(0)) {
            case "api" -> 2;
            case "apis" -> 3;
            default -> segments.size();
        };
        List<String> rest = segments.subList(Math.min(prefix, segments.size()), segments.size());
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size()); // namespaces/NS/RESOURCE[/NAME[/SUBRESOURCE]]
        }
        if (rest.isEmpty()) {
            return new PathParts("other", false);
        }
        String resource = rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
        return new PathParts(resource, rest.size() >= 2);
    }
}
