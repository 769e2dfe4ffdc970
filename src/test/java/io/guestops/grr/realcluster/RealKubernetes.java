package io.guestops.grr.realcluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kubernetes API server for a test class: the kube-apiserver of {@link KubeApiServerBuild}
 * with etcd in its process, RBAC on, the namespace controller running, started on a free port with a
 * generated kubeconfig and the project's CRDs installed as a user does ({@code kubectl apply -k crds/}).
 * Register it as a static field with {@code @RegisterExtension}; each test class gets its own server,
 * so a test may stop, restart or cut it.
 */
public final class RealKubernetes implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private final List<String> extraFlags;
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final String adminToken = UUID.randomUUID().toString();
    private Path workDir;
    private int port;
    private Process process;
    private Path kubeconfig;

    private RealKubernetes(List<String> extraFlags) {
        this.extraFlags = extraFlags;
    }

    /** A server with kube-apiserver's defaults. */
    public static RealKubernetes server() {
        return new RealKubernetes(List.of());
    }

    /** A server with more kube-apiserver flags (for example {@code --etcd-compaction-interval=10s}). */
    public static RealKubernetes withFlags(String... flags) {
        return new RealKubernetes(List.of(flags));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts the server (built or taken from the cache) and installs the CRDs. */
    public void start() throws IOException {
        Path binary = KubeApiServerBuild.binary();
        workDir = Files.createTempDirectory("real-kube");
        startOnAFreePort(binary);
        kubeconfig = workDir.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfig(adminToken, "admin"));
        kubectl("apply", "-k", "crds/");
        try (KubernetesClient client = newClient(Config.fromKubeconfig(Files.readString(kubeconfig)))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.apiextensions().v1().customResourceDefinitions().list()
                    .getItems().stream().filter(crd -> crd.getSpec().getGroup().equals("guestops.io"))
                    .filter(RealKubernetes::established).count() == 2);
        }
    }

    /**
     * The port is free when chosen and let go, so another process may take it before the server
     * binds it: the start is tried again on another port, on a fresh data directory.
     */
    private void startOnAFreePort(Path binary) throws IOException {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            try {
                startProcess(binary);
                return;
            } catch (RuntimeException e) {
                String log = Files.exists(workDir.resolve("server.log")) ? Files.readString(workDir.resolve("server.log")) : "";
                if (attempt == 3 || !log.contains("address already in use")) {
                    throw e;
                }
                stopProcess();
                Files.move(workDir.resolve("server.log"), workDir.resolve("server-attempt-" + attempt + ".log"));
                deleteTree(workDir.resolve("server"));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** Stops the server and removes its data. */
    public void stop() {
        clients.forEach(KubernetesClient::close);
        clients.clear();
        stopProcess();
        if (workDir != null) {
            try {
                deleteTree(workDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Stops the server process (etcd with it) and starts it again on the same data and port after
     * {@code down}: a control-plane restart. Every object stays; every watch is cut and must resume,
     * with 410 Gone when the restarted watch cache no longer holds the client's resource version.
     */
    public void restart(Duration down) {
        long t0 = System.nanoTime();
        stopProcess();
        if (!down.isZero()) {
            await().pollDelay(down).atMost(down.plusSeconds(5)).until(() -> true);
        }
        startProcess(KubeApiServerBuild.binary());
    }

    /** The API server's URL (https on loopback). */
    public String url() {
        return "https://127.0.0.1:" + port;
    }

    /** The port the API server listens on. */
    public int port() {
        return port;
    }

    /** The admin kubeconfig (group system:masters), for kubectl and for {@code run --kubeconfig}. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The admin's bearer token. */
    public String adminToken() {
        return adminToken;
    }

    /** The PEM of the server's self-signed serving certificate and its CA. */
    public String caPem() {
        return caPemOf();
    }

    /** A Fabric8 client as the admin; closed with the server. */
    public KubernetesClient adminClient() {
        try {
            return track(newClient(Config.fromKubeconfig(Files.readString(kubeconfig))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Fabric8 client with its own configuration (for example through a fault proxy); closed with the server. */
    public KubernetesClient client(Config config) {
        return track(newClient(config));
    }

    /** A new namespace with a unique name that starts with the prefix. */
    public String createNamespace(String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet();
        adminClient().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /**
     * A token of a ServiceAccount from the TokenRequest API, as a pod's projected token is, valid
     * for an hour; the API server authorizes its requests by RBAC as that ServiceAccount.
     */
    public String serviceAccountToken(String namespace, String serviceAccount) {
        return adminClient().serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }

    /** A kubeconfig file that authenticates with the token, in the server's work directory. */
    public Path kubeconfigFor(String token, String user) {
        try {
            Path file = workDir.resolve("kubeconfig-" + user.replaceAll("[^a-zA-Z0-9-]", "-"));
            Files.writeString(file, kubeconfig(token, user));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs kubectl with the admin kubeconfig; fails the test on a non-zero exit, returns standard output. */
    public String kubectl(String... args) {
        KubectlResult result = kubectlResult(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }

    /** Runs kubectl with the admin kubeconfig and returns what it printed and its exit code. */
    public KubectlResult kubectlResult(String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile(workDir, "kubectl", ".err");
            Process kubectl = new ProcessBuilder(command).redirectError(err.toFile()).start();
            kubectl.getOutputStream().close();
            String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(2, TimeUnit.MINUTES)) {
                kubectl.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not end in 2 minutes");
            }
            return new KubectlResult(kubectl.exitValue(), out, Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a kubectl call printed, and its exit code. */
    public record KubectlResult(int exitCode, String stdout, String stderr) {
    }

    private void startProcess(Path binary) {
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), workDir.resolve("server").toString(),
                    Integer.toString(port), adminToken));
            command.addAll(extraFlags);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("server.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path certificate = workDir.resolve("server/certs/apiserver.crt");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the test API server ended with " + process.exitValue() + ":\n"
                        + Files.readString(workDir.resolve("server.log")));
            }
            // the server writes its self-signed certificate as it starts; trust it once it is there
            return Files.exists(certificate) && ready(HttpClient.newBuilder().sslContext(trusting(certificate))
                    .connectTimeout(Duration.ofSeconds(2)).build());
        });
    }

    private boolean ready(HttpClient http) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                    .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stopProcess() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                // a graceful stop waits for open client connections to end; past a few seconds it is a crash
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String kubeconfig(String token, String user) {
        String ca = Base64.getEncoder().encodeToString(caPemOf().getBytes(StandardCharsets.UTF_8));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: real
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: real
                  context:
                    cluster: real
                    user: %s
                    namespace: default
                current-context: real
                """.formatted(url(), ca, user, token, user);
    }

    private String caPemOf() {
        try {
            return Files.readString(workDir.resolve("server/certs/apiserver.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SSL context that trusts the server's self-signed certificate (and nothing else). */
    static SSLContext trusting(Path certificate) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (var in = Files.newInputStream(certificate)) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("apiserver-" + i++, cert);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + certificate, e);
        }
    }

    /** The server's certificate file (its serving certificate and CA), for clients that must trust it. */
    public Path certificateFile() {
        return workDir.resolve("server/certs/apiserver.crt");
    }

    private KubernetesClient track(KubernetesClient client) {
        clients.add(client);
        return client;
    }

    private static KubernetesClient newClient(Config config) {
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config).build();
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
