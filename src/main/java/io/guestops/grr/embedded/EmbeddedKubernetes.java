package io.guestops.grr.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.guestops.grr.embedded.api.ApiCatalogue;
import io.guestops.grr.embedded.api.CustomResourceType;
import io.guestops.grr.embedded.front.KubectlFront;
import io.guestops.grr.embedded.registry.RegistryDispatcher;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A Kubernetes API for {@code dev} mode and the end-to-end tests: the Fabric8 mock server in CRUD
 * mode with the project's CRD installed, plus a front that makes the real kubectl work against it.
 * <ul>
 *   <li>{@link #client()} talks to the mock directly (Fabric8 watches need its WebSocket); this is
 *   the client to give the operator.</li>
 *   <li>{@link #apiServerUrl()} is the front, for kubectl: it adds discovery, OpenAPI v3, schema
 *   validation, printer columns, field selectors and HTTP-streamed watches, and forwards the rest
 *   to the mock, so both see the same objects.</li>
 * </ul>
 */
public final class EmbeddedKubernetes implements AutoCloseable {

    /** Where the crd-generator puts the CRD of {@link GuestRedemptionReset} on the classpath. */
    static final String CRD_RESOURCE =
            "META-INF/fabric8/" + HasMetadata.getFullResourceName(GuestRedemptionReset.class) + "-v1.yml";
    /** The same for the cluster-scoped {@link GuestRedemptionPolicy}. */
    static final String POLICY_CRD_RESOURCE =
            "META-INF/fabric8/" + HasMetadata.getFullResourceName(GuestRedemptionPolicy.class) + "-v1.yml";
    private static final String DEFAULT_NAMESPACE = "default";
    /** Held so the level sticks: the mock logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_REQUEST_LOG =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    private final KubernetesMockServer mock;
    private final RegistryDispatcher registry;
    private final KubernetesClient client;
    private final KubectlFront front;

    private EmbeddedKubernetes(KubernetesMockServer mock, RegistryDispatcher registry, KubernetesClient client,
                               KubectlFront front) {
        this.mock = mock;
        this.registry = registry;
        this.client = client;
        this.front = front;
    }

    /** Starts the mock and the front on free loopback ports, with the CRD and namespace "default" created. */
    public static EmbeddedKubernetes start() {
        CustomResourceDefinition crd = projectCrd();
        CustomResourceDefinition policyCrd = crdResource(POLICY_CRD_RESOURCE);
        MOCK_REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
        // The dispatcher must share this map with the server: expectations recorded through the
        // server then win over the registry rules and the CRUD store. Both the client and the
        // kubectl front go through the dispatcher, so the registry rules hold for both.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        RegistryDispatcher registry = new RegistryDispatcher(expectations);
        KubernetesMockServer mock = new KubernetesMockServer(new Context(new ObjectMapper()),
                new MockWebServer(), expectations, registry, false,
                new VersionInfo.Builder().withMajor("1").withMinor("32").withGitVersion("v1.32.0-embedded").build());
        mock.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = null;
        try {
            recordAnswersCrudCannotGive(mock);
            client = new KubernetesClientBuilder()
                    .withHttpClientFactory(new JdkHttpClientFactory())
                    .withConfig(clientConfig(mock))
                    .build();
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            client.apiextensions().v1().customResourceDefinitions().resource(policyCrd).create();
            // the registry labels it kubernetes.io/metadata.name=default, as a real API server does
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(DEFAULT_NAMESPACE)
                    .endMetadata().build()).create();
            List<CustomResourceType> customResources = new ArrayList<>(CustomResourceType.servedVersionsOf(crd));
            customResources.addAll(CustomResourceType.servedVersionsOf(policyCrd));
            ApiCatalogue catalogue = ApiCatalogue.withCustomResources(customResources);
            KubectlFront front = KubectlFront.start(URI.create(mock.url("/")), catalogue, Clock.systemUTC());
            return new EmbeddedKubernetes(mock, registry, client, front);
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
            }
            mock.destroy();
            throw e instanceof IOException io ? new UncheckedIOException("cannot start the embedded Kubernetes", io)
                    : (RuntimeException) e;
        }
    }

    /** The CRD as the build generated it from the model. */
    static CustomResourceDefinition projectCrd() {
        return crdResource(CRD_RESOURCE);
    }

    private static CustomResourceDefinition crdResource(String resource) {
        try (InputStream yaml = GuestRedemptionReset.class.getClassLoader().getResourceAsStream(resource)) {
            if (yaml == null) {
                throw new IllegalStateException(resource + " is not on the classpath: build the project first");
            }
            return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JOSDK posts a SelfSubjectRulesReview at start when leader election is on, to check its
     * permissions; the CRUD dispatcher would store it instead of answering. Everything is allowed here.
     */
    private static void recordAnswersCrudCannotGive(KubernetesMockServer mock) {
        mock.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder()
                        .withNewSpec().withNamespace(DEFAULT_NAMESPACE).endSpec()
                        .withNewStatus().withIncomplete(false)
                        .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
                        .addNewNonResourceRule().withNonResourceURLs("*").withVerbs("*").endNonResourceRule()
                        .endStatus().build())
                .always();
    }

    private static Config clientConfig(KubernetesMockServer mock) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(mock.url("/"))
                .withNamespace(DEFAULT_NAMESPACE)
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                // The mock serves every request on one thread: with tens of thousands of objects a list
                // takes seconds (a real API server's does not), and other requests wait behind it.
                .withRequestTimeout(60_000)
                .build();
    }

    /** A Fabric8 client on the JDK HTTP client, namespace "default"; closed by {@link #close()}. */
    public KubernetesClient client() {
        return client;
    }

    /**
     * A new, independent client with the same settings as {@link #client()}: what a second operator
     * process (another replica, or the same one restarted) would have. The caller closes it.
     */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
                .withConfig(clientConfig(mock)).build();
    }

    /**
     * Fault injection for tests: the next {@code times} writes of this resource's status subresource
     * fail with {@code httpStatus} (for example 409 for a lost race, 500 or 503 for an API server
     * in trouble) without changing anything, as a real API server does.
     */
    public void failStatusWrites(String namespace, String name, int times, int httpStatus) {
        String path = "/apis/" + GuestRedemptionReset.GROUP + "/" + GuestRedemptionReset.VERSION + "/namespaces/" + namespace
                + "/" + HasMetadata.getPlural(GuestRedemptionReset.class) + "/" + name + "/status";
        io.fabric8.kubernetes.api.model.Status failure = new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure").withCode(httpStatus).withReason(httpStatus == 409 ? "Conflict" : "InternalError")
                .withMessage("injected fault: status write of " + namespace + "/" + name + " refused").build();
        mock.expect().put().withPath(path).andReturn(httpStatus, failure).times(times);
        mock.expect().patch().withPath(path).andReturn(httpStatus, failure).times(times);
    }

    /**
     * Restores resources of this project straight into the store, each as it would be after its
     * create and status writes (metadata the API server sets is set here), as restoring the API
     * server's storage would: how a test or the benchmark puts tens of thousands of objects in place
     * in seconds. Nothing is validated; call it while no client writes, before the operator starts.
     */
    public void restore(List<GuestRedemptionReset> resources) {
        String plural = HasMetadata.getPlural(GuestRedemptionReset.class);
        for (GuestRedemptionReset resource : resources) {
            String collection = "/apis/" + GuestRedemptionReset.GROUP + "/" + GuestRedemptionReset.VERSION + "/namespaces/"
                    + resource.getMetadata().getNamespace() + "/" + plural;
            GenericKubernetesResource object = client.getKubernetesSerialization()
                    .convertValue(resource, GenericKubernetesResource.class);
            object.setApiVersion(GuestRedemptionReset.GROUP + "/" + GuestRedemptionReset.VERSION);
            object.setKind(HasMetadata.getKind(GuestRedemptionReset.class));
            registry.restore(collection, object);
        }
    }

    /**
     * For tests of races between informers: every watch opened from now on delivers each event after
     * a random delay up to {@code upTo}, in order within the watch, as a real API server's watches,
     * streams of their own, do. The mock alone sends each event to all watches at once, in the order
     * they were opened, so one informer's cache would nearly always be ahead of another's.
     */
    public void lagWatches(Duration upTo) {
        registry.lagWatches(upTo);
    }

    /**
     * How many requests with this method reached the API for this path (without query), from any
     * client: the operator's, the tests', or kubectl's through the front.
     */
    public long requestCount(String method, String path) {
        return registry.requestCount(method, path);
    }

    /** As {@link #requestCount}, summed over every path that starts with {@code pathPrefix}. */
    public long requestCountUnder(String method, String pathPrefix) {
        return registry.requestCountUnder(method, pathPrefix);
    }

    /** The URL kubectl should use (plain HTTP on the loopback interface). */
    public String apiServerUrl() {
        return front.url().toString();
    }

    /** Writes a kubeconfig with the single context "embedded" (namespace default) pointing kubectl here. */
    public Path writeKubeconfig(Path file) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: embedded
                  cluster:
                    server: %s
                users:
                - name: embedded
                  user: {}
                contexts:
                - name: embedded
                  context:
                    cluster: embedded
                    user: embedded
                    namespace: %s
                current-context: embedded
                """.formatted(apiServerUrl(), DEFAULT_NAMESPACE);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, kubeconfig);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
    }

    @Override
    public void close() {
        front.close();
        client.close();
        mock.destroy();
    }
}
