package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.guestops.grr.embedded.EmbeddedKubernetes;
import io.guestops.grr.kube.OperatorPermissions;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.testkit.KubectlFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `run` against a cluster it cannot use says what failed in one line (the address, the HTTP status,
 * the missing permission or the CRD hint) and exits 3, before the operator starts.
 * <p>
 * The refusals come from Fabric8's mock server answering the list of GuestRedemptionResets with
 * the status a real API server sends: the embedded Kubernetes always installs the CRD and enforces
 * neither authentication nor RBAC, so it can show none of them.
 */
class ClusterCheckTest {

    /** The embedded Kubernetes only: started once for the class, for the tests that need an API server. */
    @RegisterExtension
    static final KubectlFixture KUBERNETES = new KubectlFixture();

    private static final String LIST_PATH = "/apis/" + GuestRedemptionReset.GROUP + "/" + GuestRedemptionReset.VERSION
            + "/guestredemptionresets?limit=1";

    /** The CRD installed and nothing refused: the check lets the operator start. */
    @Test
    void aReadyClusterPasses() {
        EmbeddedKubernetes kubernetes = KUBERNETES.kubernetes();
        assertThatCode(() -> ClusterCheck.requireClusterReady(kubernetes.client(), Set.of(), null)).doesNotThrowAnyException();
        assertThatCode(() -> ClusterCheck.requireClusterReady(kubernetes.client(), Set.of("team-a", "default"), "guestops.io/shard=a"))
                .doesNotThrowAnyException();
    }

    /**
     * The embedded Kubernetes (Fabric8's mock server) refuses to take an access review (422): no
     * verdict, so the start goes on, as on any cluster that gives none; `dev` and the tests start there.
     */
    @Test
    void aReviewAnsweredWithoutAVerdictLetsTheStartGoOn() {
        OperatorSettings settings = OperatorSettings.builder().namespaces(Set.of("team-a")).build();
        assertThatCode(() -> ClusterCheck.requirePermissions(KUBERNETES.kubernetes().client(), OperatorPermissions.neededBy(settings)))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnreachableAddressIsOneLineNamingItAndExit3(@TempDir Path dir) {
        String address = "https://127.0.0.1:" + closedLoopbackPort();

        CliRun run = runAgainst(dir, address);

        assertThat(run.exitCode()).isEqualTo(ClusterCheck.EXIT_CLUSTER_UNAVAILABLE).isEqualTo(3);
        List<String> lines = run.stderr().lines().toList();
        assertThat(lines).hasSizeBetween(1, 3);
        assertThat(lines).last().asString().startsWith("error: cannot reach the Kubernetes API server at " + address)
                .contains("connection refused");
        assertThat(run.stderr()).doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "401 | answered 401 Unauthorized: it refused the kubeconfig's credentials",
            "403 | answered 403 Forbidden: missing permission: list guestredemptionresets.guestops.io in all namespaces (cluster scope)",
            "404 | answered 404 for guestredemptionresets.guestops.io: the CRD is not installed; install crds/ first: kubectl apply -f crds/"})
    void aRefusalIsOneLineNamingTheAddressTheStatusAndWhatToDo(int code, String expected, @TempDir Path dir) throws Throwable {
        onMockServer(server -> {
            server.expect().get().withPath(LIST_PATH).andReturn(code, status(code)).always();
            String address = server.url("/").replaceAll("/$", "");

            CliRun run = runAgainst(dir, address);

            assertThat(run.exitCode()).isEqualTo(3);
            List<String> lines = run.stderr().lines().toList();
            assertThat(lines).hasSizeBetween(1, 3);
            assertThat(lines).last().asString().startsWith("error: the API server at " + address).contains(expected);
            assertThat(run.stderr()).doesNotContain("\tat ");
        });
    }

    @Test
    void aMissingPermissionInAWatchedNamespaceNamesTheNamespace(@TempDir Path dir) throws Throwable {
        onMockServer(server -> {
            server.expect().get().withPath("/apis/" + GuestRedemptionReset.GROUP + "/" + GuestRedemptionReset.VERSION
                    + "/namespaces/team-a/guestredemptionresets?limit=1").andReturn(403, status(403)).always();

            CliRun run = runAgainst(dir, server.url("/"), "--namespaces", "team-a", "--lease-name", "grr-team-a");

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.stderr()).contains("missing permission: list guestredemptionresets.guestops.io in namespace team-a");
        });
    }

    /**
     * The list passes, but the API server's access review denies the operator some of what its
     * informers watch: every denied permission is named, with where, in one line, before any
     * informer starts. Reviews answered without a verdict name nothing.
     */
    @ParameterizedTest(name = "the other reviews {0}")
    @CsvSource({"allowed, false", "without a verdict, true"})
    void everyPermissionTheReviewDeniesIsNamedWithWhereInOneLine(String others, boolean withoutVerdict, @TempDir Path dir)
            throws Throwable {
        Set<String> denied = Set.of("watch secrets team-a", "list guestredemptionpolicies cluster-wide",
                "watch guestredemptionpolicies cluster-wide");
        onMockServer(server -> {
            server.expect().get().withPath("/apis/" + GuestRedemptionReset.GROUP + "/" + GuestRedemptionReset.VERSION
                    + "/namespaces/team-a/guestredemptionresets?limit=1").andReturn(200, EMPTY_LIST).always();
            server.expect().post().withPath(ACCESS_REVIEWS).andReply(201, request -> reviewed(request.getUtf8Body(), denied, withoutVerdict))
                    .always();
            String address = server.url("/").replaceAll("/$", "");

            CliRun run = runAgainst(dir, address, "--namespaces", "team-a", "--lease-name", "grr-team-a");

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
            assertThat(run.stderr().lines().toList()).hasSize(1).first().isEqualTo("error: the API server at " + address
                    + " denies the operator what its informers watch: missing permission: list, watch "
                    + "guestredemptionpolicies.guestops.io cluster-wide; watch secrets in namespace team-a "
                    + "(manifests/rbac.yaml grants what the operator needs)");
        });
    }

    /** A real API server answers 429 "storage is (re)initializing" for a moment after it starts: the start waits it out. */
    @Test
    void aServerStillInitializingIsWaitedFor(@TempDir Path dir) throws Throwable {
        onMockServer(server -> {
            server.expect().get().withPath(LIST_PATH).andReturn(429, new StatusBuilder().withStatus("Failure").withCode(429)
                    .withReason("TooManyRequests").withMessage("storage is (re)initializing")
                    .withNewDetails().withRetryAfterSeconds(1).endDetails().build()).times(2);
            server.expect().get().withPath(LIST_PATH).andReturn(200, "{\"apiVersion\":\"guestops.io/v1alpha1\",\"kind\":\"GuestRedemptionResetList\",\"metadata\":{},\"items\":[]}").always();
            try (var client = RunCommand.kubernetesClient(kubeconfig(dir, server.url("/")).toString())) {
                assertThatCode(() -> ClusterCheck.requireClusterReady(client, Set.of(), null)).doesNotThrowAnyException();
            }
        });
    }

    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    private static final String EMPTY_LIST =
            "{\"apiVersion\":\"guestops.io/v1alpha1\",\"kind\":\"GuestRedemptionResetList\",\"metadata\":{},\"items\":[]}";

    /**
     * The review as the API server answers it: "not allowed" when "verb resource namespace" (or
     * "cluster-wide") is in {@code denied}; the others allowed, or with {@code withoutVerdict} sent
     * back with no verdict at all.
     */
    private static SelfSubjectAccessReview reviewed(String body, Set<String> denied, boolean withoutVerdict) {
        SelfSubjectAccessReview review = Serialization.unmarshal(body, SelfSubjectAccessReview.class);
        ResourceAttributes asked = review.getSpec().getResourceAttributes();
        String permission = asked.getVerb() + " " + asked.getResource() + " "
                + (asked.getNamespace() == null ? "cluster-wide" : asked.getNamespace());
        boolean allowed = !denied.contains(permission);
        review.setStatus(allowed && withoutVerdict ? null : new SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
        return review;
    }

    /** The JDK's exceptions for a connection that never answered, as Fabric8 wraps them. */
    @Test
    void eachKindOfNoAnswerIsNamed() {
        assertThat(ClusterCheck.whyNoAnswer(wrapped(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"))))
                .isEqualTo("no connection within 3 s (a wrong address, or a firewall?)");
        assertThat(ClusterCheck.whyNoAnswer(wrapped(new java.net.ConnectException())))
                .startsWith("connection refused");
        java.net.ConnectException unresolved = new java.net.ConnectException();
        unresolved.initCause(new java.nio.channels.UnresolvedAddressException());
        assertThat(ClusterCheck.whyNoAnswer(wrapped(unresolved))).startsWith("unknown host");
        assertThat(ClusterCheck.whyNoAnswer(wrapped(new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))))
                .isEqualTo("TLS failed: PKIX path building failed");
    }

    private static Throwable wrapped(Throwable cause) {
        return new io.fabric8.kubernetes.client.KubernetesClientException("Operation: [list] failed.", new IOException(cause));
    }

    @Test
    void debugAddsTheStackTrace(@TempDir Path dir) {
        CliRun run = runAgainst(dir, "https://127.0.0.1:" + closedLoopbackPort(), "--debug");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr()).contains("\tat ").contains("error: cannot reach the Kubernetes API server");
    }

    @Test
    void runHelpDocumentsTheExitCode() {
        assertThat(CliRun.of("run", "--help").stdout()).contains("3 the cluster cannot be reached or refuses the operator");
    }

    /** `run` against the API server at {@code address}, with no tenant, no leader election and no fixed port. */
    private static CliRun runAgainst(Path dir, String address, String... moreArgs) {
        List<String> args = new ArrayList<>(List.of("run", "--kubeconfig", kubeconfig(dir, address).toString(),
                "--no-default-tenant", "--no-leader-election", "--health-port", "0"));
        args.addAll(List.of(moreArgs));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A mock API server of the test's own, answering only what the test expects of it. */
    private static void onMockServer(ThrowingConsumer<KubernetesMockServer> test) throws Throwable {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try {
            test.accept(server);
        } finally {
            server.destroy();
        }
    }

    private static Status status(int code) {
        String reason = switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            default -> "NotFound";
        };
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(reason).build();
    }

    /** A port that was free a moment ago: nothing listens there, so a connection is refused at once. */
    static int closedLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubeconfig with a token user, pointing at the server. */
    static Path kubeconfig(Path dir, String server) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                users:
                - name: u
                  user:
                    token: a-token
                contexts:
                - name: c
                  context:
                    cluster: c
                    user: u
                current-context: c
                """.formatted(server);
        try {
            return Files.writeString(dir.resolve("kubeconfig"), kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
