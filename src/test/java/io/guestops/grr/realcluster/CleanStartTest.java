package io.guestops.grr.realcluster;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run` against a real API server that cannot serve it says why in one line on standard error, with
 * no stack trace, and exits 3 (run --help): credentials refused (401), the list permission missing
 * (403, named), a permission an informer or the Lease needs denied (named), the CRD not installed
 * (404), nothing listening at the address.
 */
class CleanStartTest {

    @RegisterExtension
    static final RealKubernetes KUBE = RealKubernetes.server();

    /** The name of manifests/rbac.yaml's ServiceAccount, its namespace and its ClusterRole. */
    private static final String OPERATOR = "guest-redemption-operator";
    private static final String LIST = "list guestredemptionresets.guestops.io in all namespaces (cluster scope)";

    @Test
    void aTokenTheServerDoesNotKnowIs401(@TempDir Path dir) throws Exception {
        Path kubeconfig = KUBE.kubeconfigFor("not-a-token-this-server-issued", "stranger");

        String line = refusedStart(dir, kubeconfig);

        assertThat(line).isEqualTo("error: the API server at " + KUBE.url() + " answered 401 Unauthorized: it refused the "
                + "kubeconfig's credentials (expired token or certificate?)");
    }

    @Test
    void aServiceAccountWithoutTheListPermissionIs403NamingIt(@TempDir Path dir) throws Exception {
        String namespace = KUBE.createNamespace("no-rights");
        KUBE.adminClient().serviceAccounts().inNamespace(namespace)
                .resource(new ServiceAccountBuilder().withNewMetadata().withName("operator").endMetadata().build()).create();
        Path kubeconfig = KUBE.kubeconfigFor(KUBE.serviceAccountToken(namespace, "operator"), "no-rights");

        String line = refusedStart(dir, kubeconfig);

        assertThat(line).isEqualTo("error: the API server at " + KUBE.url() + " answered 403 Forbidden: missing permission: "
                + LIST + " (manifests/rbac.yaml grants what the operator needs)");
    }

    @Test
    void aServiceAccountWithoutItsLeaseIsRefusedNamingTheLeasePermissions(@TempDir Path dir) throws Exception {
        KUBE.kubectl("apply", "-f", "manifests/namespace.yaml", "-f", "manifests/rbac.yaml");
        KUBE.kubectl("-n", "guest-redemption-operator", "delete", "rolebinding", "guest-redemption-operator-leader-election");
        Path kubeconfig = KUBE.kubeconfigFor(KUBE.serviceAccountToken("guest-redemption-operator", "guest-redemption-operator"),
                "operator-without-lease");

        String line = refusedStart(dir, kubeconfig, "--lease-namespace", "guest-redemption-operator");

        assertThat(line).isEqualTo("error: the API server at " + KUBE.url() + " denies the operator its Lease: missing permission: "
                + "get, create, update leases.coordination.k8s.io in namespace guest-redemption-operator "
                + "(manifests/rbac.yaml grants what the operator needs)");
    }

    @Test
    void aServiceAccountWithoutWatchOnSecretsIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        KUBE.kubectl("apply", "-f", "manifests/namespace.yaml", "-f", "manifests/rbac.yaml");
        try {
            KUBE.adminClient().rbac().clusterRoles().withName(OPERATOR).edit(role -> {
                role.getRules().stream().filter(rule -> rule.getResources().contains("secrets"))
                        .forEach(rule -> rule.setVerbs(rule.getVerbs().stream().filter(verb -> !verb.equals("watch")).toList()));
                return role;
            });
            awaitOperatorMay("list", "secrets", true);
            awaitOperatorMay("watch", "secrets", false);
            Path kubeconfig = KUBE.kubeconfigFor(KUBE.serviceAccountToken(OPERATOR, OPERATOR), "operator-without-watch");

            String line = refusedStart(dir, kubeconfig, "--no-leader-election");

            assertThat(line).isEqualTo("error: the API server at " + KUBE.url() + " denies the operator what its informers watch: "
                    + "missing permission: watch secrets cluster-wide (manifests/rbac.yaml grants what the operator needs)");
        } finally {
            KUBE.kubectl("apply", "-f", "manifests/rbac.yaml");
        }
    }

    /** Waits until the API server answers whether the operator's ServiceAccount may {@code verb} {@code resource} as the test needs. */
    private static void awaitOperatorMay(String verb, String resource, boolean allowed) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> Boolean.valueOf(allowed).equals(KUBE.adminClient()
                .authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder().withNewSpec()
                        .withUser("system:serviceaccount:" + OPERATOR + ":" + OPERATOR).withNewResourceAttributes().withVerb(verb)
                        .withResource(resource).endResourceAttributes().endSpec().build()).getStatus().getAllowed()));
    }

    @Test
    void noCrdIs404SayingInstallCrdsFirst(@TempDir Path dir) throws Exception {
        KUBE.kubectl("delete", "-k", "crds/", "--wait=false");
        try {
            // kubectl's own --wait can outlast the deletion by minutes on a busy machine: ask the server instead
            await().atMost(Duration.ofSeconds(60)).until(() -> KUBE.adminClient().apiextensions().v1().customResourceDefinitions()
                    .withName("guestredemptionresets.guestops.io").get() == null);
            String line = refusedStart(dir, KUBE.kubeconfig());

            assertThat(line).isEqualTo("error: the API server at " + KUBE.url() + " answered 404 for guestredemptionresets.guestops.io: "
                    + "the CRD is not installed; install crds/ first: kubectl apply -f crds/");
        } finally {
            KUBE.kubectl("apply", "-k", "crds/");
        }
    }

    @Test
    void nothingListeningAtTheAddressIsUnreachable(@TempDir Path dir) throws Exception {
        String address = "https://127.0.0.1:" + closedPort();
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"),
                Files.readString(KUBE.kubeconfig()).replace(KUBE.url(), address));

        String line = refusedStart(dir, kubeconfig);

        assertThat(line).startsWith("error: cannot reach the Kubernetes API server at " + address + ": connection refused");
    }

    /** Runs `run` with the kubeconfig; returns its last line on standard error after checking the exit code and the rest. */
    private static String refusedStart(Path dir, Path kubeconfig, String... moreArgs) throws InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("--kubeconfig", kubeconfig.toString(), "--no-default-tenant",
                "--health-port", "0"));
        args.addAll(List.of(moreArgs));
        try (RunCommandProcess run = RunCommandProcess.start(dir, args)) {
            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
            List<String> lines = run.stderr().lines().toList();
            assertThat(lines).as("standard error").hasSizeBetween(1, 3);
            assertThat(run.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
            return lines.get(lines.size() - 1);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
