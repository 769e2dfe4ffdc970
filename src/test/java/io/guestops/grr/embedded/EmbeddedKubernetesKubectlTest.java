package io.guestops.grr.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.KubectlFixture;
import io.guestops.grr.testkit.ResetResources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real kubectl against the embedded Kubernetes, as a user of `dev` mode would run it. */
class EmbeddedKubernetesKubectlTest {

    @RegisterExtension
    static final KubectlFixture FIXTURE = new KubectlFixture();

    /** {@code specExtra}: more lines of the spec, indented as its members are. */
    private static String manifest(String name, String specExtra) {
        return ResetResources.manifest(name, "email: " + name + "@fabrikam.com", name + "@outlook.com") + specExtra;
    }

    @Test
    void applyCreatesThenUpdatesWithDefaultValidation() {
        Kubectl.Result created = FIXTURE.kubectl().apply(manifest("alex", ""));
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(created.stdout()).contains("guestredemptionreset.guestops.io/alex created");

        Kubectl.Result updated = FIXTURE.kubectl().apply(manifest("alex", "").replace("alex@outlook.com", "alex@contoso.com"));
        assertThat(updated.exitCode()).as(updated.all()).isZero();
        assertThat(updated.stdout()).contains("guestredemptionreset.guestops.io/alex configured");

        GuestRedemptionReset stored = FIXTURE.client().resources(GuestRedemptionReset.class).withName("alex").get();
        assertThat(stored.getSpec().getDesiredEmail()).isEqualTo("alex@contoso.com");
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void applyRefusesAFieldTheSchemaDoesNotDeclare() {
        Kubectl.Result result = FIXTURE.kubectl().apply(manifest("unknown-field", "  foo: bar\n"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("unknown field \"spec.foo\"");
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("unknown-field").get()).isNull();
    }

    /**
     * A backup or an export is what {@code kubectl get -o yaml} prints: a v1 List. kubectl validates
     * a List on the client, with the OpenAPI v2 document (/openapi/v2, protobuf), then sends each
     * item; the server still checks each one strictly.
     */
    @Test
    void applyTakesTheListThatGetPrintsAndTheServerStillChecksEachItem() {
        assertThat(FIXTURE.kubectl().apply(manifest("listed-1", "")).exitCode()).isZero();
        assertThat(FIXTURE.kubectl().apply(manifest("listed-2", "")).exitCode()).isZero();
        String list = FIXTURE.kubectl().succeeds("get", "grr", "listed-1", "listed-2", "-o", "yaml").stdout();
        assertThat(list).contains("kind: List");
        FIXTURE.kubectl().succeeds("delete", "grr", "listed-1", "listed-2");

        Kubectl.Result restored = FIXTURE.kubectl().apply(list.replaceAll("(?m)^ +(resourceVersion|uid|creationTimestamp): .*\n", ""));
        assertThat(restored.exitCode()).as(restored.all()).isZero();
        assertThat(restored.stdout()).contains("guestredemptionreset.guestops.io/listed-1 created",
                "guestredemptionreset.guestops.io/listed-2 created");

        Kubectl.Result refused = FIXTURE.kubectl().apply("apiVersion: v1\nkind: List\nitems:\n- "
                + manifest("listed-3", "  foo: bar\n").replace("\n", "\n  "));
        assertThat(refused.exitCode()).as(refused.all()).isNotZero();
        assertThat(refused.stderr()).contains("unknown field \"spec.foo\"");
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("listed-3").get()).isNull();
    }

    @Test
    void applyRefusesAValueOfTheWrongType() {
        Kubectl.Result result = FIXTURE.kubectl().apply(manifest("wrong-type", "")
                .replace("desiredEmail: wrong-type@outlook.com", "desiredEmail: 42"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("spec.desiredEmail", "must be of type string");
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("wrong-type").get()).isNull();
    }

    @Test
    void getShowsThePrinterColumnsAndWideAddsTheReason() {
        GuestRedemptionReset created = createResource("columns");
        writeStatus(created, "True", "ResetIssued");

        Kubectl.Result table = FIXTURE.kubectl().run("get", "grr", "columns");
        assertThat(table.exitCode()).as(table.all()).isZero();
        List<String> lines = table.stdout().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "AGE", "EMAIL", "READY", "RESET", "USER");
        assertThat(lines.get(1).split("\\s+")).containsExactly("columns", lines.get(1).split("\\s+")[1],
                "columns@outlook.com", "True", "2d", "user-columns");

        Kubectl.Result wide = FIXTURE.kubectl().run("get", "grr", "-o", "wide");
        assertThat(wide.stdout().lines().findFirst().orElseThrow()).contains("REASON");
        assertThat(wide.stdout()).containsPattern("columns\\s+\\S+\\s+columns@outlook.com\\s+ResetIssued\\s+True");
    }

    @Test
    void jsonPathOutputReadsTheReadyCondition() {
        GuestRedemptionReset created = createResource("jsonpath");
        writeStatus(created, "False", "GuestNotFound");

        Kubectl.Result result = FIXTURE.kubectl().run("get", "grr", "jsonpath", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("GuestNotFound");
    }

    @Test
    void describeShowsTheEventsOfTheResourceOnly() {
        GuestRedemptionReset created = createResource("described");
        recordEvent(created, "described-event", "ResetIssued", "Invitation reset for described@outlook.com");
        GuestRedemptionReset other = createResource("not-described");
        recordEvent(other, "other-event", "SomethingElse", "about another resource");

        Kubectl.Result result = FIXTURE.kubectl().run("describe", "grr", "described");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("Desired Email:  described@outlook.com", "Events:")
                .containsPattern("Normal\\s+ResetIssued\\s+.*Invitation reset for described@outlook.com")
                .doesNotContain("SomethingElse");
    }

    @Test
    void waitReturnsOnceReadyBecomesTrueWhileItWatches() {
        GuestRedemptionReset created = createResource("waited");
        writeStatus(created, "False", "Reconciling");

        Watched watched = becomesReadyWhileKubectlWatches(created, "wait", "--for=condition=Ready", "grr/waited", "--timeout=60s");
        Kubectl.Result result = watched.result();
        CompletableFuture<Void> setReady = watched.setReady();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout()).contains("guestredemptionreset.guestops.io/waited condition met");
        await().atMost(Duration.ofSeconds(5)).until(setReady::isDone);
        assertThat(setReady).isCompleted();
    }

    @Test
    void getWatchPrintsTheRowAgainWhenTheStatusChanges() {
        GuestRedemptionReset created = createResource("watched");
        writeStatus(created, "False", "Reconciling");

        // kubectl get -w ends when its request times out
        Watched watched = becomesReadyWhileKubectlWatches(created, "get", "grr", "watched", "--watch", "--request-timeout=4s");
        Kubectl.Result result = watched.result();
        CompletableFuture<Void> setReady = watched.setReady();

        assertThat(setReady).isCompleted();
        assertThat(result.stdout().lines().filter(line -> line.startsWith("watched ")).toList())
                .as(result.all())
                .satisfies(rows -> assertThat(rows.get(0)).containsPattern("\\sFalse\\s"))
                .anySatisfy(row -> assertThat(row).containsPattern("\\sTrue\\s+2d\\s+user-watched"));
    }

    @Test
    void serverSideDryRunValidatesButStoresNothing() {
        Kubectl.Result dryRun = FIXTURE.kubectl().apply(manifest("dry-run", ""), "--dry-run=server");
        assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
        assertThat(dryRun.stdout()).contains("guestredemptionreset.guestops.io/dry-run created (server dry run)");
        assertThat(FIXTURE.client().resources(GuestRedemptionReset.class).withName("dry-run").get()).isNull();

        Kubectl.Result refused = FIXTURE.kubectl().apply(manifest("dry-run", "  foo: bar\n"), "--dry-run=server");
        assertThat(refused.stderr()).contains("unknown field \"spec.foo\"");
    }

    @Test
    void waitFailsWhenReadyDoesNotComeInTime() {
        GuestRedemptionReset created = createResource("never-ready");
        writeStatus(created, "False", "GuestNotFound");

        Kubectl.Result result = FIXTURE.kubectl().run("wait", "--for=condition=Ready", "grr/never-ready", "--timeout=2s");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("timed out waiting for the condition");
    }

    private static GuestRedemptionReset createResource(String name) {
        GuestRedemptionReset resource = new GuestRedemptionReset();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(null, name + "@fabrikam.com"));
        spec.setDesiredEmail(name + "@outlook.com");
        resource.setSpec(spec);
        return FIXTURE.client().resource(resource).create();
    }

    /** Writes the status through the status subresource, as the operator does. */
    private static void writeStatus(GuestRedemptionReset resource, String ready, String reason) {
        GuestRedemptionReset latest = FIXTURE.client().resources(GuestRedemptionReset.class)
                .withName(resource.getMetadata().getName()).get();
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        String name = resource.getMetadata().getName();
        status.setUserId("user-" + name);
        status.setReset(new ResetRecord("user-" + name, name + "@outlook.com", "invitation-1",
                Instant.now().minus(2, ChronoUnit.DAYS).toString(), "GraphResponse"));
        status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus(ready).withReason(reason)
                .withMessage("test").withLastTransitionTime(Instant.now().toString()).build()));
        latest.setStatus(status);
        FIXTURE.client().resource(latest).updateStatus();
    }

    private static void recordEvent(GuestRedemptionReset about, String name, String reason, String message) {
        String now = Instant.now().toString();
        FIXTURE.client().v1().events().resource(new EventBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                .withName(about.getMetadata().getName()).withNamespace("default")
                .withUid(about.getMetadata().getUid())
                .endInvolvedObject()
                .withReason(reason).withMessage(message).withType("Normal")
                .withNewSource().withComponent("guest-redemption-operator").endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build()).create();
    }

    /** What kubectl printed, and the write that made the resource Ready while it watched. */
    private record Watched(Kubectl.Result result, CompletableFuture<Void> setReady) {
    }

    /**
     * Runs kubectl with -v=6, which logs each request when it is answered: once the watch request's
     * line shows, kubectl is watching, and the resource is made Ready.
     */
    private static Watched becomesReadyWhileKubectlWatches(GuestRedemptionReset created, String... args) {
        CompletableFuture<Void> watching = new CompletableFuture<>();
        CompletableFuture<Void> setReady = watching.thenRunAsync(() -> writeStatus(created, "True", "ResetIssued"));
        String[] verbose = java.util.Arrays.copyOf(args, args.length + 1);
        verbose[args.length] = "-v=6";
        Kubectl.Result result = FIXTURE.kubectl().run(line -> { }, line -> {
            if (line.contains("watch=true") && line.contains(" 200 OK")) {
                watching.complete(null);
            }
        }, verbose);
        return new Watched(result, setReady);
    }
}
