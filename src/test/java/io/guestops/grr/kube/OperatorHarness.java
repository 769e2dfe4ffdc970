package io.guestops.grr.kube;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.embedded.Kubectl;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Group;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.directory.DirectoryRoleAssignment;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The end-to-end tests' view of a {@link DevEnvironment}: apply resources, wait, and read Graph's side. */
public final class OperatorHarness {

    public static final Path EXAMPLES = Path.of("examples");
    static final String NAMESPACE = "default";

    private OperatorHarness() {
    }

    /** Operator timings short enough for tests, still exercising every path. */
    static OperatorSettings testSettings() {
        return OperatorSettings.builder()
                .settleWindow(Duration.ofSeconds(2))
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .threads(4).build();
    }

    /**
     * Timings of the fault-injection tests: a 2 s settle window and backoff from 100 ms to 1 s, so
     * every wait the operator makes is visible and short.
     */
    public static OperatorSettings faultSettings() {
        return OperatorSettings.builder()
                .settleWindow(Duration.ofSeconds(2))
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .threads(4).build();
    }

    /** The examples' seed plus the users of a test resource file (same tenant). */
    static Seed examplesSeedPlus(String extraResource) {
        return examplesSeedPlus(Seed.parse(resource(extraResource)));
    }

    /**
     * The examples' seed plus another seed's applications, users and role assignments (same tenant).
     * The examples' application stays first: it is the operator's default connection.
     */
    public static Seed examplesSeedPlus(Seed extra) {
        Seed base = Seed.load(EXAMPLES.resolve("emulator/seed.yaml"));
        List<Application> applications = new ArrayList<>(base.applications());
        applications.addAll(extra.applications());
        List<DirectoryUser> users = new ArrayList<>(base.users());
        users.addAll(extra.users());
        List<DirectoryRoleAssignment> roles = new ArrayList<>(base.roleAssignments());
        roles.addAll(extra.roleAssignments());
        List<Group> groups = new ArrayList<>(base.groups());
        groups.addAll(extra.groups());
        return new Seed(base.tenants(), applications, users, roles, groups);
    }

    /** A resource in the test namespace with the spec's defaults for everything but guest and email. */
    static GuestRedemptionReset resource(String name, GuestReference guest, String desiredEmail) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(guest);
        spec.setDesiredEmail(desiredEmail);
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        resource.setSpec(spec);
        return resource;
    }

    static String resource(String name) {
        try (InputStream in = OperatorHarness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an example file holds a GuestRedemptionPolicy rather than a GuestRedemptionReset. */
    static boolean isPolicyFile(Path file) {
        try {
            return Files.readString(file).contains("kind: GuestRedemptionPolicy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuestRedemptionReset load(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return client.resources(GuestRedemptionReset.class).load(in).item();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuestRedemptionReset create(KubernetesClient client, GuestRedemptionReset resource) {
        return client.resource(resource).inNamespace(NAMESPACE).create();
    }

    static GuestRedemptionReset get(KubernetesClient client, String name) {
        return client.resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName(name).get();
    }

    /**
     * The resource as its manifest says it (namespace, name, labels, spec), without uid,
     * resourceVersion or status: what a GitOps tool or a restore without status creates again.
     */
    static GuestRedemptionReset asManifest(KubernetesClient client, GuestRedemptionReset live) {
        GuestRedemptionReset manifest = new GuestRedemptionReset();
        manifest.setMetadata(new ObjectMetaBuilder().withNamespace(live.getMetadata().getNamespace())
                .withName(live.getMetadata().getName()).withLabels(live.getMetadata().getLabels()).build());
        manifest.setSpec(client.getKubernetesSerialization().clone(live.getSpec()));
        return manifest;
    }

    /**
     * The resources {@code kubectl get <getArgs> -o yaml} prints (a List), as a backup without status
     * or a cluster rebuilt from an export has them: status and what the API server assigns (uid,
     * resourceVersion, creationTimestamp, generation, managedFields) stripped; labels, annotations
     * and spec kept. YAML that {@code kubectl apply -f} takes on another cluster.
     */
    @SuppressWarnings("unchecked")
    static String exportedWithoutStatus(Kubectl kubectl, String... getArgs) {
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(List.of(getArgs));
        args.addAll(List.of("-o", "yaml"));
        String yaml = kubectl.succeeds(args.toArray(String[]::new)).stdout();
        KubernetesSerialization serialization = new KubernetesSerialization();
        Map<String, Object> list = serialization.unmarshal(yaml, Map.class);
        list.remove("metadata");
        for (Object item : (List<Object>) list.get("items")) {
            Map<String, Object> object = (Map<String, Object>) item;
            object.remove("status");
            Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
            List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields").forEach(metadata::remove);
        }
        return serialization.asYaml(list);
    }

    /** Deletes the resource and waits until the API server no longer has it (no finalizer holds it). */
    static void deleteAndAwaitGone(KubernetesClient client, GuestRedemptionReset resource) {
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        client.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(name).delete();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.resources(GuestRedemptionReset.class).inNamespace(namespace).withName(name).get() == null);
    }

    /** The guest's claim, the Lease {@code grr-guest-<object id>} in the operator's namespace (the tests' is "default"). */
    static Lease claimOf(KubernetesClient client, String userId) {
        return client.leases().inNamespace(OperatorSettings.DEFAULT_CLAIM_NAMESPACE).withName(GuestClaims.leaseName(userId)).get();
    }

    static GuestRedemptionReset awaitResource(KubernetesClient client, String name, Predicate<GuestRedemptionReset> condition) {
        return awaitResource(client, NAMESPACE, name, condition);
    }

    static GuestRedemptionReset awaitResource(KubernetesClient client, String namespace, String name,
                                              Predicate<GuestRedemptionReset> condition) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> condition.test(Policies.get(client, namespace, name)));
        return Policies.get(client, namespace, name);
    }

    /** The generation was observed and the resource ended Ready or Stalled. */
    static boolean settled(GuestRedemptionReset r) {
        return r != null && r.hasSettled();
    }

    static boolean isTrue(GuestRedemptionReset r, String type) {
        return r != null && r.getStatus() != null && r.getStatus().conditionIsTrue(type);
    }

    static Optional<Condition> condition(GuestRedemptionReset r, String type) {
        return r == null || r.getStatus() == null ? Optional.empty() : r.getStatus().condition(type);
    }

    /** Effective resets of this user, from the emulator's directory. */
    public static List<InvitationRecord> resetsOf(GraphEmulator emulator, String userId) {
        return emulator.directory().invitations().stream()
                .filter(i -> i.resetRedemption() && userId.equals(i.invitedUserId())).toList();
    }

    /** Every request that wrote (or tried to write) to this user: PATCHes and invitations naming it. */
    static List<JournalEntry> writesTo(GraphEmulator emulator, String userId) {
        return emulator.journal().stream()
                .filter(e -> ("PATCH".equals(e.method()) && e.path().contains(userId))
                        || ("POST".equals(e.method()) && e.path().contains("invitations")
                            && e.requestBody() != null && e.requestBody().contains(userId)))
                .toList();
    }

    /** The reset POSTs (answered, failed or dropped) that named this user, in the order Graph received them. */
    public static List<JournalEntry> resetPostsFor(GraphEmulator emulator, String userId) {
        return emulator.journal().stream()
                .filter(e -> "POST".equals(e.method()) && e.path().contains("invitations")
                        && e.requestBody() != null && e.requestBody().contains(userId))
                .sorted(Comparator.comparing(JournalEntry::time))
                .toList();
    }

    /** The PATCHes of this user's addresses (answered or not), in the order Graph received them. */
    static List<JournalEntry> patchesTo(GraphEmulator emulator, String userId) {
        return requestsTo(emulator, "PATCH", userId);
    }

    /** Requests with this method whose path names the user, in the order Graph received them. */
    static List<JournalEntry> requestsTo(GraphEmulator emulator, String method, String userId) {
        return emulator.journal().stream()
                .filter(e -> method.equals(e.method()) && e.path().contains("/users/" + userId))
                .sorted(Comparator.comparing(JournalEntry::time))
                .toList();
    }

    /**
     * True once a single-use fault rule has fired, i.e. the request it holds (a latency rule) has
     * reached Graph and is in flight: the way a test knows at which step the operator is.
     */
    static boolean fired(GraphEmulator emulator, FaultRule singleUse) {
        return !emulator.faults().list().contains(singleUse);
    }

    /** Holds the next matching request for {@code millis} before Graph handles it; fires once. */
    static FaultRule holdOnce(String route, String method, long millis) {
        return new FaultRule(route, method, FaultKind.LATENCY, 1, null, null, millis);
    }

    static List<JournalEntry> writes(GraphEmulator emulator) {
        return emulator.journal().stream()
                .filter(e -> !"GET".equals(e.method()) && !e.path().contains("/oauth2/") && !e.path().startsWith("/_emulator"))
                .filter(e -> !isBatchEnvelope(e))
                .toList();
    }

    /** A $batch envelope: its parts are journaled as requests of their own, so it is neither a read nor a write. */
    static boolean isBatchEnvelope(JournalEntry e) {
        return e.path().equals("/v1.0/$batch");
    }
}
