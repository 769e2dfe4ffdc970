package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.get;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.load;
import static io.guestops.grr.kube.OperatorHarness.resource;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.ExtraUsers.GINA;
import static io.guestops.grr.testkit.ExtraUsers.HUGO;
import static io.guestops.grr.testkit.ExtraUsers.IVY;
import static io.guestops.grr.testkit.ExtraUsers.LENA;
import static io.guestops.grr.testkit.ExtraUsers.MO;
import static io.guestops.grr.testkit.ExtraUsers.NORA;
import static io.guestops.grr.testkit.ExtraUsers.TWIN_ONE;
import static io.guestops.grr.testkit.ExtraUsers.TWIN_TWO;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static io.guestops.grr.testkit.GraphJournal.writes;
import static io.guestops.grr.testkit.GraphJournal.writesTo;
import static io.guestops.grr.testkit.Seeds.EXAMPLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.model.ConnectionSpec;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.OtherMailsSpec;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.ExtraUsers;
import io.guestops.grr.testkit.OperatorTimings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real operator (JOSDK, the SDK gateway, Azure Identity) against the embedded Kubernetes and
 * the Graph emulator: every example scenario, and the cases a platform team will meet.
 */
class OperatorEndToEndTest {

    private static final String FRANK = "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c05";

    private static DevEnvironment.RunningOperator operator;

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus(ExtraUsers.RESOURCE);

    @BeforeAll
    static void shortcuts() {
        operator = FIXTURE.operator();
    }

    @Test
    void everyExampleEndsAsItsAnnotationSaysAndEntraMatches() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            // The example policy is not a GuestRedemptionReset; this test runs the operator without policies.
            files = listing.filter(p -> p.toString().endsWith(".yaml") && !OperatorHarness.isPolicyFile(p)).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        files.forEach(file -> create(FIXTURE.client(), load(FIXTURE.client(), file)));

        for (Path file : files) {
            GuestRedemptionReset applied = load(FIXTURE.client(), file);
            String expected = applied.getMetadata().getAnnotations().get("guestops.io/example-expects");
            GuestRedemptionReset done = awaitResource(FIXTURE.client(), applied.getMetadata().getName(), OperatorHarness::settled);
            if (expected.equals("Ready")) {
                assertThat(isTrue(done, "Ready")).as(file + " Ready").isTrue();
                assertThat(isTrue(done, "RedemptionReset")).isTrue();
                assertThat(isTrue(done, "EmailSynced")).isTrue();
                assertThat(resetsOf(FIXTURE.emulator(), done.getStatus().getUserId())).as(file + ": exactly one reset").hasSize(1)
                        .allSatisfy(r -> assertThat(r.invitedUserEmailAddress()).isEqualToIgnoringCase(done.getSpec().getDesiredEmail()));
            } else {
                assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo(expected.substring("Stalled/".length()));
            }
        }

        DirectoryUser alex = FIXTURE.emulator().directory().user("6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01").orElseThrow();
        assertThat(alex.mail()).isEqualTo("alex.wilber@outlook.com");
        assertThat(alex.otherMails()).containsExactly("alex.wilber@fabrikam.com", "alex.wilber@outlook.com");
        assertThat(alex.externalUserState()).isEqualTo("PendingAcceptance");

        DirectoryUser chen = FIXTURE.emulator().directory().user("6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c03").orElseThrow();
        assertThat(chen.otherMails()).as("previous address dropped, the personal one kept")
                .containsExactly("chen.li@personal.example", "chen.li@newco.example");

        DirectoryUser bianca = FIXTURE.emulator().directory().user("6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c02").orElseThrow();
        assertThat(bianca.mail()).isEqualTo("bianca@contoso-partner.com");

        DirectoryUser frank = FIXTURE.emulator().directory().user(FRANK).orElseThrow();
        assertThat(frank.userType()).isEqualTo("Member");
        assertThat(writesTo(FIXTURE.emulator(), FRANK)).as("no Graph write for a member").isEmpty();
        assertThat(FIXTURE.emulator().journal()).noneMatch(e -> e.memberConverted());
        assertThat(FIXTURE.emulator().journal()).as("no query Graph refuses (operators, limits, options: the emulator refuses as Graph does)")
                .noneMatch(e -> e.responseBody() != null && e.responseBody().contains("Request_UnsupportedQuery"));
    }

    @Test
    void aSettledResourceMakesNoGraphWriteWhenReconciledAgain() {
        create(FIXTURE.client(), resource("hugo-settles", new GuestReference(HUGO, null), "hugo@newpartner.example"));
        awaitResource(FIXTURE.client(), "hugo-settles", r -> settled(r) && isTrue(r, "Ready"));
        int writesBefore = writes(FIXTURE.emulator()).size();
        long readsOfHugo = readsOf(HUGO);

        // A restart reconciles every resource again, exactly like a resync.
        operator.stop();
        // With the delta watch off, as before it existed: each settled resource is read (the watch's own restart is InventoryRestartTest's).
        operator = FIXTURE.environment().startOperator(OperatorTimings.endToEnd().toBuilder().driftPoll(Duration.ZERO).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> readsOf(HUGO) > readsOfHugo);

        assertThat(writes(FIXTURE.emulator())).as("writes after the settled resource was reconciled again").hasSize(writesBefore);
        assertThat(resetsOf(FIXTURE.emulator(), HUGO)).hasSize(1);
    }

    @Test
    void changingTheDesiredEmailIssuesExactlyOneNewReset() {
        create(FIXTURE.client(), resource("gina", new GuestReference(null, "gina@partner.example"), "gina@first.example"));
        awaitResource(FIXTURE.client(), "gina", r -> settled(r) && isTrue(r, "Ready"));
        assertThat(resetsOf(FIXTURE.emulator(), GINA)).hasSize(1);

        GuestRedemptionReset gina = get(FIXTURE.client(), "gina");
        gina.getSpec().setDesiredEmail("gina@second.example");
        FIXTURE.client().resource(gina).update();

        GuestRedemptionReset done = awaitResource(FIXTURE.client(), "gina", r -> settled(r) && isTrue(r, "Ready")
                && r.getStatus().getReset() != null && "gina@second.example".equals(r.getStatus().getReset().getEmail()));
        assertThat(resetsOf(FIXTURE.emulator(), GINA)).extracting(r -> r.invitedUserEmailAddress())
                .containsExactly("gina@first.example", "gina@second.example");
        assertThat(FIXTURE.emulator().directory().user(GINA).orElseThrow().otherMails())
                .as("every earlier address kept").containsExactly("gina.keep@partner.example", "gina@first.example", "gina@second.example");
        assertThat(done.getStatus().getUserId()).isEqualTo(GINA);
    }

    @Test
    void aMemberIsStalledAndNeverWritten() {
        create(FIXTURE.client(), resource("ivy-member", new GuestReference(IVY, null), "ivy@elsewhere.example"));
        GuestRedemptionReset done = awaitResource(FIXTURE.client(), "ivy-member", OperatorHarness::settled);
        assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo("NotAGuest");
        assertThat(condition(done, "Ready").orElseThrow().getStatus()).isEqualTo("False");
        assertThat(writesTo(FIXTURE.emulator(), IVY)).isEmpty();
        assertThat(FIXTURE.emulator().directory().user(IVY).orElseThrow().userType()).isEqualTo("Member");
    }

    @Test
    void aMissingUserIsStalledWithUserNotFound() {
        create(FIXTURE.client(), resource("nobody", new GuestReference(null, "nobody@nowhere.example"), "nobody@new.example"));
        GuestRedemptionReset done = awaitResource(FIXTURE.client(), "nobody", OperatorHarness::settled);
        assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo("UserNotFound");
        assertThat(condition(done, "Stalled").orElseThrow().getMessage()).contains("nobody@nowhere.example");
    }

    @Test
    void anAmbiguousLookupIsStalledAndNamesTheCandidates() {
        create(FIXTURE.client(), resource("twins", new GuestReference(null, "twin@partner.example"), "twin@new.example"));
        GuestRedemptionReset done = awaitResource(FIXTURE.client(), "twins", OperatorHarness::settled);
        assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo("AmbiguousUser");
        assertThat(condition(done, "Stalled").orElseThrow().getMessage())
                .contains(TWIN_ONE, TWIN_TWO);
        assertThat(writesTo(FIXTURE.emulator(), TWIN_ONE)).isEmpty();
        assertThat(writesTo(FIXTURE.emulator(), TWIN_TWO)).isEmpty();
    }

    @Test
    void aBrokenSpecIsStalledWithTheFieldsNamedAndOthersAreStillServed() {
        int journalBefore = FIXTURE.emulator().journal().size();
        GuestRedemptionReset broken = resource("broken", new GuestReference("not-a-guid", "someone@x.example"), "not-an-email");
        create(FIXTURE.client(), broken);
        GuestRedemptionReset done = awaitResource(FIXTURE.client(), "broken", OperatorHarness::settled);

        assertThat(condition(done, "Stalled").orElseThrow().getReason()).isEqualTo("InvalidSpec");
        assertThat(condition(done, "Stalled").orElseThrow().getMessage())
                .contains("spec.guest", "spec.desiredEmail").doesNotContain("Exception");
        assertThat(FIXTURE.emulator().journal().subList(journalBefore, FIXTURE.emulator().journal().size()))
                .as("the broken spec caused no Graph call")
                .noneMatch(e -> mentions(e.path(), "not-a-guid", "someone@x.example", "not-an-email")
                        || mentions(e.requestBody(), "not-a-guid", "someone@x.example", "not-an-email"));

        // A healthy resource created after the broken one is served as usual.
        create(FIXTURE.client(), resource("after-broken", new GuestReference(null, "kim@partner.example"), "kim@new.example"));
        awaitResource(FIXTURE.client(), "after-broken", r -> settled(r) && isTrue(r, "Ready"));
    }

    @Test
    void aResourceUsesTheTenantConnectionItsSecretNames() {
        String app = FIXTURE.environment().graphConnection().clientId();
        String tenant = FIXTURE.environment().graphConnection().tenantId();
        FIXTURE.client().secrets().inNamespace(OperatorHarness.NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("contoso-graph")
                .addToLabels("guestops.io/connection", "true").endMetadata().addToStringData("tenantId", tenant).addToStringData("clientId", app)
                .addToStringData("clientSecret", "dev-only-emulator-secret").build()).create();
        FIXTURE.client().secrets().inNamespace(OperatorHarness.NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("wrong-secret")
                .addToLabels("guestops.io/connection", "true").endMetadata().addToStringData("tenantId", tenant).addToStringData("clientId", app)
                .addToStringData("clientSecret", "not-the-secret").build()).create();

        create(FIXTURE.client(), withSecret(resource("lena-by-secret", new GuestReference(LENA, null), "lena@new.example"), "contoso-graph"));
        create(FIXTURE.client(), withSecret(resource("mo-no-secret", new GuestReference(MO, null), "mo@new.example"), "does-not-exist"));
        create(FIXTURE.client(), withSecret(resource("mo-wrong-secret", new GuestReference(MO, null), "mo@new.example"), "wrong-secret"));

        awaitResource(FIXTURE.client(), "lena-by-secret", r -> settled(r) && isTrue(r, "Ready"));
        assertThat(resetsOf(FIXTURE.emulator(), LENA)).hasSize(1);

        GuestRedemptionReset missing = awaitResource(FIXTURE.client(), "mo-no-secret", OperatorHarness::settled);
        assertThat(condition(missing, "Stalled").orElseThrow().getReason()).isEqualTo("ConnectionInvalid");
        assertThat(condition(missing, "Stalled").orElseThrow().getMessage()).contains("does-not-exist");

        GuestRedemptionReset refused = awaitResource(FIXTURE.client(), "mo-wrong-secret", OperatorHarness::settled);
        assertThat(condition(refused, "Stalled").orElseThrow().getReason()).isEqualTo("GraphAccessDenied");
        assertThat(condition(refused, "Stalled").orElseThrow().getMessage()).doesNotContain("not-the-secret");
        assertThat(writesTo(FIXTURE.emulator(), MO)).isEmpty();
    }

    /**
     * The CRD's most addresses: who else holds each is asked in as many queries as Graph's limits
     * need (https://developer.microsoft.com/en-us/graph/known-issues/?search=13635), none refused.
     */
    @Test
    void aResourceAddingTwoHundredFiftyOtherMailsEndsReady() {
        List<String> addresses = IntStream.range(0, OtherMailsSpec.MAX_ADDRESSES).mapToObj(i -> "nora" + i + "@newpartner.example").toList();
        GuestRedemptionReset nora = resource("nora-250", new GuestReference(NORA, null), addresses.get(0));
        OtherMailsSpec otherMails = new OtherMailsSpec();
        otherMails.setAdd(addresses);
        nora.getSpec().setOtherMails(otherMails);

        create(FIXTURE.client(), nora);

        GuestRedemptionReset done = awaitResource(FIXTURE.client(), "nora-250", r -> settled(r) && isTrue(r, "Ready"));
        assertThat(isTrue(done, "EmailSynced")).isTrue();
        assertThat(FIXTURE.emulator().directory().user(NORA).orElseThrow().otherMails()).containsExactlyElementsOf(addresses);
        assertThat(resetsOf(FIXTURE.emulator(), NORA)).hasSize(1);
        assertThat(FIXTURE.emulator().journal()).filteredOn(e -> e.path().startsWith("/v1.0/users?")).as("address lookups Graph would refuse")
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        assertThat(FIXTURE.emulator().journal()).filteredOn(e -> e.path().equals("/v1.0/$batch")).as("batches Graph would refuse")
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    }

    private static GuestRedemptionReset withSecret(GuestRedemptionReset resource, String secretName) {
        ConnectionSpec connection = new ConnectionSpec();
        connection.setSecretName(secretName);
        resource.getSpec().setConnection(connection);
        return resource;
    }

    private static boolean mentions(String text, String... values) {
        if (text == null) {
            return false;
        }
        String decoded = java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.stream(values).anyMatch(decoded::contains);
    }

    private static long readsOf(String userId) {
        return FIXTURE.emulator().journal().stream().filter(e -> "GET".equals(e.method()) && e.path().contains(userId)).count();
    }
}
