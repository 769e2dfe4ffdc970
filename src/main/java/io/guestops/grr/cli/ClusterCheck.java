package io.guestops.grr.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.guestops.grr.kube.OperatorPermissions;
import io.guestops.grr.kube.OperatorPermissions.Permission;
import io.guestops.grr.model.GuestRedemptionReset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The check `run` makes before it starts the operator: one bounded list of the resources it will
 * watch, exactly as its informers will ask for them, then an access review of every permission it
 * starts with. What the informers would otherwise report after 20 s of retries and 60 lines of
 * stack traces (no cluster at that address, credentials refused, a permission or the CRD missing)
 * is said here in one line, in a few seconds.
 */
final class ClusterCheck {

    /** `run`'s exit code when the cluster cannot be reached or refuses the operator. */
    static final int EXIT_CLUSTER_UNAVAILABLE = 3;

    /**
     * Long enough for a loaded API server to accept a connection, short enough that a wrong address
     * fails in seconds; only the check uses it, the operator keeps Fabric8's timeouts.
     */
    static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    static final int REQUEST_TIMEOUT_MILLIS = 10_000;

    private static final String RESOURCE = HasMetadata.getPlural(GuestRedemptionReset.class) + "."
            + HasMetadata.getGroup(GuestRedemptionReset.class);

    /** The cluster cannot be reached or refused the operator; the message says which and where. */
    static final class ClusterUnavailable extends RuntimeException {
        ClusterUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ClusterCheck() {
    }

    /**
     * Lists the GuestRedemptionResets (at most one) in every watched namespace, with the shard
     * selector, through a client that connects with a short timeout and does not retry.
     *
     * @throws Arguments.UsageError when the API server refuses the shard selector (the flag's error)
     * @throws ClusterUnavailable   when the list fails for any other reason
     */
    static void requireClusterReady(KubernetesClient operatorClient, Set<String> namespaces, String selector) {
        try (KubernetesClient client = checkingClient(operatorClient.getConfiguration())) {
            for (String namespace : namespacesToList(namespaces)) {
                listOne(client, namespace, selector);
            }
        }
    }

    /**
     * Asks the API server (SelfSubjectAccessReview, which every signed-in user may create) whether
     * the operator has each of the {@code needed} permissions. Without one, JOSDK or Fabric8 would
     * fail the start with stack traces and no word of which permission is missing. An answer
     * without a verdict (a cluster that does not review access) lets the start go on.
     *
     * @throws ClusterUnavailable naming every missing permission and where it is missing
     */
    static void requirePermissions(KubernetesClient operatorClient, List<Permission> needed) {
        try (KubernetesClient client = checkingClient(operatorClient.getConfiguration())) {
            List<Permission> missing = needed.stream().distinct().filter(permission -> denied(client, permission)).toList();
            if (!missing.isEmpty()) {
                throw new ClusterUnavailable("the API server at " + withoutTrailingSlash(client.getMasterUrl().toString())
                        + " denies the operator " + purposes(missing) + ": missing permission: " + described(missing)
                        + " (manifests/rbac.yaml grants what the operator needs)", null);
            }
        } catch (KubernetesClientException failed) {
            throw explained(failed, operatorClient.getMasterUrl().toString(), null, null);
        }
    }

    /**
     * The verbs missing on the same resource in the same place together, in the order needed:
     * "list, watch secrets in namespace team-a; get leases.coordination.k8s.io in namespace grr".
     */
    private static String described(List<Permission> missing) {
        Map<String, List<String>> verbsByResourceAndScope = new LinkedHashMap<>();
        for (Permission permission : missing) {
            verbsByResourceAndScope.computeIfAbsent(permission.qualifiedResource() + " " + permission.scope(), where -> new ArrayList<>())
                    .add(permission.verb());
        }
        return verbsByResourceAndScope.entrySet().stream().map(verbs -> String.join(", ", verbs.getValue()) + " " + verbs.getKey())
                .collect(Collectors.joining("; "));
    }

    /** "its Lease", "what its informers watch and its Lease". */
    private static String purposes(List<Permission> missing) {
        return missing.stream().map(Permission::purpose).distinct().sorted().map(OperatorPermissions.Purpose::phrase)
                .collect(Collectors.joining(" and "));
    }

    /**
     * Only a review that says "not allowed" denies. A review the server refuses to take (a mock
     * server's 404 or 422, a cluster that does not let the operator review its access) has no
     * verdict either: the informers then meet the API server's own answer. No answer at all and
     * refused credentials stay errors, as the list says them.
     */
    private static boolean denied(KubernetesClient client, Permission permission) {
        try {
            SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
                    .withNewSpec().withNewResourceAttributes().withGroup(permission.group()).withResource(permission.resource())
                    .withVerb(permission.verb()).withNamespace(permission.namespace()).endResourceAttributes().endSpec().build());
            return review.getStatus() != null && Boolean.FALSE.equals(review.getStatus().getAllowed());
        } catch (KubernetesClientException failed) {
            if (failed.getCode() < 100 || failed.getCode() == 401) {
                throw failed;
            }
            return false;
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.replaceAll("/+$", "");
    }

    /** The operator's own configuration (address, credentials, TLS) with the check's timeouts and no retries. */
    static KubernetesClient checkingClient(Config operatorConfig) {
        Config config = new ConfigBuilder(operatorConfig).withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS).withRequestRetryBackoffLimit(0).build();
        // HTTP/1.1: a real kube-apiserver ends an HTTP/2 connection (GOAWAY) after refusing its credentials,
        // and Fabric8's second try with the same token then fails on the closed connection: the check would
        // report "cannot reach" instead of the 401 it was answered.
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config)
                .withHttpClientBuilderConsumer(http -> http.preferHttp11()).build();
    }

    /** A null entry stands for every namespace (the cluster scope). */
    private static List<String> namespacesToList(Set<String> namespaces) {
        return namespaces.isEmpty() ? java.util.Collections.singletonList(null) : List.copyOf(new TreeSet<>(namespaces));
    }

    private static void listOne(KubernetesClient client, String namespace, String selector) {
        var resources = client.resources(GuestRedemptionReset.class);
        var scoped = namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
        for (int attempt = 1; ; attempt++) {
            try {
                (selector == null ? scoped : scoped.withLabelSelector(selector)).list(new ListOptionsBuilder().withLimit(1L).build());
                return;
            } catch (KubernetesClientException failed) {
                if (failed.getCode() != 429 || attempt >= BUSY_ATTEMPTS) {
                    throw explained(failed, client.getMasterUrl().toString(), namespace, selector);
                }
                waitAsAsked(failed);
            }
        }
    }

    /**
     * A real API server answers 429 "storage is (re)initializing" for a moment after it (re)starts,
     * and 429 when it sheds load: a short wait, not a reason to refuse the start. Bounded, so that a
     * server that stays busy is still reported within seconds.
     */
    static final int BUSY_ATTEMPTS = 5;
    private static final long LONGEST_BUSY_WAIT_MILLIS = 2_000;

    private static void waitAsAsked(KubernetesClientException busy) {
        Integer seconds = busy.getStatus() == null || busy.getStatus().getDetails() == null ? null
                : busy.getStatus().getDetails().getRetryAfterSeconds();
        long millis = Math.min(LONGEST_BUSY_WAIT_MILLIS, seconds == null || seconds < 1 ? 1_000 : seconds * 1_000L);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy;
        }
    }

    /** One line per cause, naming the address and what to do about it. */
    static RuntimeException explained(KubernetesClientException failed, String masterUrl, String namespace, String selector) {
        String address = withoutTrailingSlash(masterUrl);
        // Fabric8 gives a code below 100 (0 or -1) when no HTTP answer came: refused, timed out, unknown host, TLS.
        if (failed.getCode() < 100) {
            return unavailable(failed, "cannot reach the Kubernetes API server at " + address + ": " + whyNoAnswer(failed));
        }
        String where = namespace == null ? "in all namespaces (cluster scope)" : "in namespace " + namespace;
        return switch (failed.getCode()) {
            case 400 -> selector == null ? unavailable(failed, "the API server at " + address + " answered 400: " + reason(failed))
                    : new Arguments.UsageError("--shard-selector (or SHARD_SELECTOR): '" + selector
                            + "' is not a label selector the API server accepts: " + reason(failed));
            case 401 -> unavailable(failed, "the API server at " + address
                    + " answered 401 Unauthorized: it refused the kubeconfig's credentials (expired token or certificate?)");
            case 403 -> unavailable(failed, "the API server at " + address + " answered 403 Forbidden: missing permission: list "
                    + RESOURCE + " " + where + " (manifests/rbac.yaml grants what the operator needs)");
            case 404 -> unavailable(failed, "the API server at " + address + " answered 404 for " + RESOURCE
                    + ": the CRD is not installed; install crds/ first: kubectl apply -f crds/");
            default -> unavailable(failed, "the API server at " + address + " answered " + failed.getCode() + ": " + reason(failed));
        };
    }

    private static ClusterUnavailable unavailable(KubernetesClientException cause, String message) {
        return new ClusterUnavailable(message, cause);
    }

    /** The API server's own sentence when it sent a Status, Fabric8's otherwise. */
    private static String reason(KubernetesClientException failed) {
        return failed.getStatus() != null && failed.getStatus().getMessage() != null ? failed.getStatus().getMessage()
                : failed.getMessage();
    }

    /**
     * The JDK's connect exceptions often carry no message, and Fabric8's wrappers only repeat the
     * request: the kind of the first telling cause says what happened.
     */
    static String whyNoAnswer(Throwable failed) {
        List<Throwable> chain = causes(failed);
        // The JDK wraps an unknown host in a ConnectException: the host's cause goes first.
        if (has(chain, java.net.UnknownHostException.class) || has(chain, java.nio.channels.UnresolvedAddressException.class)) {
            return "unknown host (a wrong address, or no DNS?)";
        }
        if (has(chain, java.net.http.HttpConnectTimeoutException.class) || has(chain, java.net.SocketTimeoutException.class)) {
            return "no connection within " + CONNECT_TIMEOUT_MILLIS / 1000 + " s (a wrong address, or a firewall?)";
        }
        if (has(chain, java.net.http.HttpTimeoutException.class)) {
            return "no answer within " + REQUEST_TIMEOUT_MILLIS / 1000 + " s";
        }
        if (has(chain, java.net.ConnectException.class)) {
            return "connection refused (nothing listens there: a wrong address or port, or the API server is down?)";
        }
        for (Throwable cause : chain) {
            if (cause instanceof javax.net.ssl.SSLException) {
                return "TLS failed: " + cause.getMessage();
            }
        }
        return innermostMessage(chain);
    }

    private static List<Throwable> causes(Throwable failed) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable cause = failed; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    private static boolean has(List<Throwable> chain, Class<? extends Throwable> kind) {
        return chain.stream().anyMatch(kind::isInstance);
    }

    private static String innermostMessage(List<Throwable> chain) {
        Throwable root = chain.get(chain.size() - 1);
        String message = root.getMessage();
        String kind = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
