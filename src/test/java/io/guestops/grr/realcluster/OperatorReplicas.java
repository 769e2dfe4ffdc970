package io.guestops.grr.realcluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.kube.GuestOperator;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ReconcileListener;
import io.guestops.grr.kube.TenantGateways;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestReference;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Operator replicas on the real API server, each a {@link GuestOperator} with a Kubernetes client and
 * Graph gateways of its own, as separate pods would have, and each signing in to the emulator as an
 * application of its own, so the emulator's journal says which replica sent each request. A
 * replica's renewals of the leader Lease can be cut: the API server then refuses its writes of that
 * Lease (they are sent to another Lease's URL), while everything else it sends works.
 */
final class OperatorReplicas implements AutoCloseable {

    static final String TENANT = "3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c";
    static final String LEASE = "guest-redemption-operator";

    private final RealKubernetes kube;
    /** The test's own client (an administrator's), for the resources and the Lease. */
    private final KubernetesClient admin;
    private final GraphEmulator emulator;
    private final String namespace;
    private final List<Replica> started = new ArrayList<>();

    /**
     * One running replica.
     *
     * @param renewalsCut   once set, the API server refuses its writes of the leader Lease
     * @param passesStarted when it started each pass, as JOSDK reports it
     */
    record Replica(String identity, ReplicaPod pod, AtomicBoolean renewalsCut, List<Instant> passesStarted) {

        /** Its informers are in sync: ready to take over (what its readiness probe says). */
        boolean isReady() {
            return pod.isReady();
        }

        /** When this replica started its first pass at or after {@code instant}, as JOSDK reports it. */
        Optional<Instant> firstPassSince(Instant instant) {
            return passesStarted.stream().filter(started -> !started.isBefore(instant)).min(Instant::compareTo);
        }

        /** The emulator application this replica signs in as (its requests' appId in the journal). */
        String appId() {
            return appIdOf(identity);
        }

        /** From now on the API server refuses this replica's writes of the leader Lease. */
        void cutRenewals() {
            renewalsCut.set(true);
        }

        /** A graceful stop, as on SIGTERM. */
        void stop() {
            pod.stop();
        }
    }

    private OperatorReplicas(RealKubernetes kube, GraphEmulator emulator, String namespace) {
        this.kube = kube;
        this.admin = kube.adminClient();
        this.emulator = emulator;
        this.namespace = namespace;
    }

    /**
     * Replicas on the test class's emulator, seeded with {@link #seed}, and a namespace of their own
     * for the resources, the Lease and the claims.
     */
    static OperatorReplicas on(RealKubernetes kube, GraphEmulator emulator) {
        return new OperatorReplicas(kube, emulator, kube.createNamespace("fencing"));
    }

    GraphEmulator emulator() {
        return emulator;
    }

    String namespace() {
        return namespace;
    }

    /** Starts a replica competing for the Lease with these timings (not exiting when it stops leading: one JVM). */
    Replica startReplica(String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        AtomicBoolean renewalsCut = new AtomicBoolean();
        KubernetesClient client = clientCutting(renewalsCut);
        OperatorSettings settings = OperatorSettings.builder()
                .settleWindow(Duration.ofSeconds(2))
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .threads(4)
                .namespaces(Set.of(namespace))
                .operatorNamespace(namespace)
                .build();
        OperatorSettings.LeaderElection election = new OperatorSettings.LeaderElection(LEASE, namespace, identity, leaseDuration,
                renewDeadline, retryPeriod, false);
        TenantGateways gateways = new TenantGateways(connectionOf(identity), GraphGateways::create);
        List<Instant> passesStarted = new CopyOnWriteArrayList<>();
        Metrics passes = new Metrics() {
            @Override
            public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
                passesStarted.add(Instant.now());
            }
        };
        Instrumentation instrumentation = new Instrumentation(passes, GraphCallListener.NONE, ReconcileListener.NONE);
        Replica replica = new Replica(identity, ReplicaPod.start(identity, client, gateways, settings, election, instrumentation),
                renewalsCut, passesStarted);
        started.add(replica);
        return replica;
    }

    /** The leader Lease as the API server has it now (null before the first replica took it). */
    Lease lease() {
        return admin.leases().inNamespace(namespace).withName(LEASE).get();
    }

    /** The two replicas of a leader test. */
    record LeaderAndStandby(Replica leader, Replica standby) {
    }

    /**
     * replica-a leads, then replica-b stands by (both with these timings); guest 1 is Ready; and
     * replica-a's PATCH of guest 2 has reached Graph, which holds it {@code heldMillis}, when this returns.
     */
    LeaderAndStandby leaderWithPatchInFlight(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, long heldMillis) {
        Replica a = startReplica("replica-a", leaseDuration, renewDeadline, retryPeriod);
        await().atMost(Duration.ofSeconds(30)).until(() -> "replica-a".equals(holder()));
        Replica b = startReplica("replica-b", leaseDuration, renewDeadline, retryPeriod);
        create(1);
        awaitReady(1);

        FaultRule hold = new FaultRule("/users/" + userId(2), "PATCH", FaultKind.LATENCY, 1, null, null, heldMillis);
        emulator.faults().add(hold);
        create(2);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !emulator.faults().list().contains(hold));
        return new LeaderAndStandby(a, b);
    }

    String holder() {
        Lease lease = lease();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** Creates guest {@code guest}'s resource (its address to {@link #newEmail(int)}) in the replicas' namespace. */
    GuestRedemptionReset create(int guest) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(userId(guest), null));
        spec.setDesiredEmail(newEmail(guest));
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(nameOf(guest)).withNamespace(namespace).build());
        resource.setSpec(spec);
        return admin.resource(resource).create();
    }

    /** Guest {@code guest}'s resource as the API server has it now. */
    GuestRedemptionReset get(int guest) {
        return admin.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(nameOf(guest)).get();
    }

    /** Waits until guest {@code guest}'s resource has settled Ready. */
    void awaitReady(int guest) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            GuestRedemptionReset r = get(guest);
            return r != null && r.hasSettled() && r.getStatus().conditionIsTrue("Ready");
        });
    }

    /** Graph writes (PATCH, POST, DELETE) the application {@code appId} sent, naming {@code userId} if one is given. */
    List<JournalEntry> writesBy(String appId, String userId) {
        return emulator.journal().stream()
                .filter(e -> appId.equals(e.appId()) && !"GET".equals(e.method()) && !e.path().endsWith("/$batch")
                        && !e.path().contains("/oauth2/"))
                .filter(e -> userId == null || e.path().contains(userId) || (e.requestBody() != null && e.requestBody().contains(userId)))
                .toList();
    }

    private static String nameOf(int guest) {
        return "guest-" + guest;
    }

    static String userId(int guest) {
        return "7f000000-0000-4000-8000-%012d".formatted(guest);
    }

    static String oldEmail(int guest) {
        return "guest-" + guest + "@old.example";
    }

    static String newEmail(int guest) {
        return "guest-" + guest + "@new.example";
    }

    static String appIdOf(String replica) {
        return "5c5c0000-0000-4000-8000-%012d".formatted(Math.abs(replica.hashCode()) % 1_000_000_000_000L);
    }

    private GraphConnection connectionOf(String replica) {
        return GraphConnection.builder().graphEndpoint(emulator.graphEndpoint()).authorityHost(emulator.authorityHost())
                .tenantId(TENANT).clientId(appIdOf(replica)).clientSecret("secret-of-" + replica)
                .trustCertificate(emulator.trustedCertificate()).build();
    }

    /** A client whose writes of the leader Lease the API server refuses once {@code cut} is set. */
    private KubernetesClient clientCutting(AtomicBoolean cut) {
        String leasePath = "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases/" + LEASE;
        Interceptor refuseRenewals = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (cut.get() && !"GET".equals(request.method()) && request.uri().getPath().equals(leasePath)) {
                    // Another Lease's URL with this Lease in the body: the API server refuses the write (400).
                    builder.uri(request.uri().resolve(LEASE + "-refused"));
                }
            }
        };
        try {
            Config config = Config.fromKubeconfig(Files.readString(kube.kubeconfig()));
            return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config)
                    .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("refuse-renewals", refuseRenewals))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code guests} guests ({@link #userId(int)}, mail {@code guest-N@old.example}) and one application per replica name. */
    static Seed seed(int guests, String... replicas) {
        StringBuilder yaml = new StringBuilder("""
                tenants:
                  - id: %s
                    defaultDomain: contoso.onmicrosoft.com
                applications:
                """.formatted(TENANT));
        for (String replica : replicas) {
            yaml.append("""
                      - clientId: %s
                        displayName: operator replica %s
                        secrets: [secret-of-%s]
                        applicationPermissions: [User.ReadWrite.All, RoleManagement.Read.Directory]
                    """.formatted(appIdOf(replica), replica, replica));
        }
        yaml.append("users:\n");
        IntStream.rangeClosed(1, guests).forEach(guest -> yaml.append("""
                  - id: %s
                    displayName: guest %d
                    userPrincipalName: guest-%d_old.example#EXT#@contoso.onmicrosoft.com
                    mail: %s
                    otherMails: []
                    userType: Guest
                    creationType: Invitation
                    externalUserState: Accepted
                    externalUserStateChangeDateTime: 2025-02-01T00:00:00Z
                """.formatted(userId(guest), guest, guest, oldEmail(guest))));
        return Seed.parse(yaml.toString());
    }

    @Override
    public void close() {
        started.forEach(Replica::stop);
    }
}
