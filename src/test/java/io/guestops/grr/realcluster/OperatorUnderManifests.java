package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.guestops.grr.model.GuestRedemptionPolicy;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.cli.StartedOperator;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The operator as manifests/ installs it, on a {@link RealKubernetes}: the namespace, ServiceAccount
 * and RBAC of manifests/ applied with kubectl (the RBAC possibly edited by the test), and `run`
 * started in this process with nothing but that ServiceAccount's token, leader election and
 * policies on, against the Graph emulator seeded with the examples' tenant.
 * <p>
 * The Graph credential is a client certificate (a file, as --client-certificate takes it): a
 * client secret reaches `run` only through the environment, which a test cannot set for its own process.
 */
final class OperatorUnderManifests implements AutoCloseable {

    static final String NAMESPACE = "guest-redemption-operator";
    static final String SERVICE_ACCOUNT = "guest-redemption-operator";
    static final String IDENTITY = "operator-0";
    static final String ALEX = "alex-new-identity-provider";

    /** The operator's application credential: a certificate the emulator's seed (see {@link #seed()}) trusts. */
    private static final SelfSignedCertificate CREDENTIAL = SelfSignedCertificate.forClient("guest-redemption-operator");

    private final GraphEmulator emulator;
    private final Path workDir;
    private final List<String> runArgs;
    private final List<StartedOperator> operators = new ArrayList<>();

    private OperatorUnderManifests(GraphEmulator emulator, Path workDir, List<String> runArgs) {
        this.emulator = emulator;
        this.workDir = workDir;
        this.runArgs = runArgs;
    }

    /**
     * Applies manifests/namespace.yaml and manifests/rbac.yaml (each document passed through {@code editRbac}
     * first), and prepares the emulator and `run`'s arguments; the operator is not started yet.
     */
    static OperatorUnderManifests install(RealKubernetes kube, GraphEmulator emulator, UnaryOperator<HasMetadata> editRbac) {
        return install(kube, emulator, editRbac, NAMESPACE);
    }

    /** The examples' tenant, its first application signing in with {@link #CREDENTIAL}: seed the emulator with it. */
    static Seed seed() {
        Seed examples = Seed.load(Path.of("examples/emulator/seed.yaml"));
        Application app = examples.applications().get(0);
        List<Application> applications = new ArrayList<>(examples.applications());
        applications.set(0, new Application(app.clientId(), app.tenantId(), app.displayName(), List.of(),
                List.of(CREDENTIAL.certificate()), app.federatedCredentials(), app.applicationPermissions()));
        return new Seed(examples.tenants(), applications, examples.users(), examples.roleAssignments(), examples.groups());
    }

    /**
     * As {@link #install(RealKubernetes, GraphEmulator, UnaryOperator)}, in the operator namespace {@code namespace}
     * instead of manifests/' own: the ServiceAccount, Role and RoleBinding go there, the ClusterRole and
     * ClusterRoleBinding are named after it, and `run` holds its Lease there. Several installations
     * then share one API server without sharing a permission, a token or a Lease.
     */
    static OperatorUnderManifests install(RealKubernetes kube, GraphEmulator emulator, UnaryOperator<HasMetadata> editRbac,
                                          String namespace) {
        try {
            Path workDir = Files.createTempDirectory("operator-under-manifests");
            KubernetesClient admin = kube.adminClient();
            List<HasMetadata> rbac = new ArrayList<>();
            try (var in = Files.newInputStream(Path.of("manifests/rbac.yaml"))) {
                for (HasMetadata document : admin.load(in).items()) {
                    rbac.add(editRbac.apply(NAMESPACE.equals(namespace) ? document : movedTo(document, namespace)));
                }
            }
            Path edited = workDir.resolve("rbac.yaml");
            Files.writeString(edited, String.join("---\n", rbac.stream().map(Serialization::asYaml).toList()));
            if (NAMESPACE.equals(namespace)) {
                kube.kubectl("apply", "-f", "manifests/namespace.yaml");
                kube.kubectl("apply", "-f", edited.toString());
            } else {
                // the same objects as kubectl apply would create, without a kubectl process per installation
                admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata().withName(namespace).endMetadata().build()).create();
                rbac.forEach(document -> admin.resource(document).create());
            }

            Path credentialPem = Files.writeString(workDir.resolve("graph-credential.pem"),
                    CREDENTIAL.certificatePem() + pkcs8Pem(CREDENTIAL.privateKey()));
            Application app = seed().applications().get(0);
            Path emulatorPem = workDir.resolve("emulator.pem");
            emulator.writeCertificatePem(emulatorPem);

            String token = kube.serviceAccountToken(namespace, SERVICE_ACCOUNT);
            Path kubeconfig = kube.kubeconfigFor(token, "system:serviceaccount:" + namespace + ":" + SERVICE_ACCOUNT);
            List<String> args = List.of("--kubeconfig", kubeconfig.toString(), "--lease-namespace", namespace, "--identity", IDENTITY,
                    "--health-port", "0", "--tenant-id", app.tenantId(), "--client-id", app.clientId(),
                    "--client-certificate", credentialPem.toString(), "--graph-endpoint", emulator.graphEndpoint(),
                    "--authority-host", emulator.authorityHost(), "--trust-cert", emulatorPem.toString());
            return new OperatorUnderManifests(emulator, workDir, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** manifests/' RBAC document moved to the operator namespace {@code namespace} (cluster-scoped objects renamed after it). */
    private static HasMetadata movedTo(HasMetadata document, String namespace) {
        if (document.getMetadata().getNamespace() != null) {
            document.getMetadata().setNamespace(namespace);
        } else {
            document.getMetadata().setName(document.getMetadata().getName().replace(NAMESPACE, namespace));
        }
        if (document instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding binding) {
            binding.getRoleRef().setName(binding.getRoleRef().getName().replace(NAMESPACE, namespace));
            binding.getSubjects().forEach(subject -> subject.setNamespace(namespace));
        } else if (document instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding binding) {
            binding.getSubjects().forEach(subject -> subject.setNamespace(namespace));
        }
        return document;
    }

    /** Azure Identity reads a PKCS#8 key ("BEGIN PRIVATE KEY"), not the PKCS#1 one BouncyCastle writes for RSA. */
    private static String pkcs8Pem(java.security.PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** `run` with the prepared arguments (and any more, which may repeat an option to override it); throws with run's one line when its clean start refuses. */
    StartedOperator start(String... moreArgs) throws Exception {
        List<String> args = new ArrayList<>(runArgs);
        args.addAll(List.of(moreArgs));
        StartedOperator operator = StartedOperator.startInThisProcess(args.toArray(String[]::new));
        operators.add(operator);
        return operator;
    }

    /**
     * Creates the examples (as the admin, as `kubectl apply -f examples/` would) with one change:
     * Alex's reset keeps its redeem link in a Secret, so the run also writes a Secret.
     */
    static void createExamples(KubernetesClient admin) throws IOException {
        createExamples(admin, reset -> { });
    }

    /** As {@link #createExamples(KubernetesClient)}, each reset changed by {@code edit} first (a shard's label). */
    static void createExamples(KubernetesClient admin, java.util.function.Consumer<GuestRedemptionReset> edit) throws IOException {
        try (var files = Files.list(Path.of("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String yaml = Files.readString(file);
                if (!yaml.contains("\nkind: GuestRedemptionReset\n")) {
                    admin.load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).create();
                    continue;
                }
                admin.resource(example(yaml, edit)).create();
            }
        }
    }

    /**
     * As {@link #createExamples(KubernetesClient)}, in the namespace {@code namespace} (created here)
     * instead of "default": the resets go there, and the policy, named after the namespace, covers it
     * alone, so that examples created for one installation are nothing to another's.
     */
    static void createExamples(KubernetesClient admin, String namespace) throws IOException {
        admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName(namespace).endMetadata().build()).create();
        try (var files = Files.list(Path.of("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String yaml = Files.readString(file);
                if (yaml.contains("\nkind: GuestRedemptionPolicy\n")) {
                    GuestRedemptionPolicy policy = Serialization.unmarshal(yaml, GuestRedemptionPolicy.class);
                    policy.getMetadata().setName(namespace);
                    policy.getSpec().getNamespaceSelector().setMatchLabels(java.util.Map.of("kubernetes.io/metadata.name", namespace));
                    admin.resource(policy).create();
                }
            }
        }
        createExamplesOfKind(admin, reset -> reset.getMetadata().setNamespace(namespace));
    }

    private static void createExamplesOfKind(KubernetesClient admin, java.util.function.Consumer<GuestRedemptionReset> edit) throws IOException {
        try (var files = Files.list(Path.of("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String yaml = Files.readString(file);
                if (yaml.contains("\nkind: GuestRedemptionReset\n")) {
                    admin.resource(example(yaml, edit)).create();
                }
            }
        }
    }

    private static GuestRedemptionReset example(String yaml, java.util.function.Consumer<GuestRedemptionReset> edit) {
        GuestRedemptionReset reset = Serialization.unmarshal(yaml, GuestRedemptionReset.class);
        if (reset.getMetadata().getName().equals(ALEX)) {
            InvitationSpec invitation = reset.getSpec().getInvitation() == null ? new InvitationSpec()
                    : reset.getSpec().getInvitation();
            invitation.setRedeemLinkSecret(ALEX + "-redeem-link");
            reset.getSpec().setInvitation(invitation);
        }
        edit.accept(reset);
        return reset;
    }

    /** `run`'s arguments, for a test that runs the command itself. */
    List<String> runArgs() {
        return runArgs;
    }

    GraphEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() throws IOException {
        operators.forEach(StartedOperator::close);
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
