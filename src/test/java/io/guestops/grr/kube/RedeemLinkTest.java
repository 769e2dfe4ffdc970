package io.guestops.grr.kube;

import static io.guestops.grr.kube.OperatorHarness.NAMESPACE;
import static io.guestops.grr.kube.OperatorHarness.awaitResource;
import static io.guestops.grr.kube.OperatorHarness.condition;
import static io.guestops.grr.kube.OperatorHarness.create;
import static io.guestops.grr.kube.OperatorHarness.isTrue;
import static io.guestops.grr.kube.OperatorHarness.settled;
import static io.guestops.grr.testkit.GraphJournal.resetPostsFor;
import static io.guestops.grr.testkit.GraphJournal.resetsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.ResetRecord;
import io.guestops.grr.testkit.EnvironmentFixture;
import io.guestops.grr.testkit.GraphJournal;
import io.guestops.grr.testkit.TeeStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8, the redeem link handed over safely: a resource that asks for it finds the link Graph
 * issued in its own Secret and nowhere else (not in status, Events, the operator's log or the
 * emulator's journal); a lost answer says that no link exists and what to do; a resource that does
 * not ask writes no Secret; a Secret the resource does not own is never overwritten; a new email's
 * reset replaces the link.
 */
class RedeemLinkTest {

    private static final Pattern TICKET = Pattern.compile("ticket=([^&]+)");
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static PrintStream originalErr;

    @RegisterExtension
    static final EnvironmentFixture FIXTURE = EnvironmentFixture.withOperatorOnExamplesPlus("/e2e/redeem-users.yaml");

    @BeforeAll
    static void captureTheOperatorsLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, LOG), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void restoreStandardError() {
        System.setErr(originalErr);
    }

    @AfterEach
    void noFaultOutlivesItsTest() {
        FIXTURE.emulator().faults().clear();
    }

    @Test
    void aResourceAskingForTheLinkFindsWhatGraphIssuedInItsOwnSecretAndNowhereElse() {
        Guest guest = Guest.of("01", "link-asked");
        GuestRedemptionReset created = create(client(), guest.resource("link-asked-redeem-link"));

        GuestRedemptionReset done = awaitReady(guest);
        ResetRecord reset = done.getStatus().getReset();
        String issued = issuedLink(reset);
        Secret secret = secret("link-asked-redeem-link");
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(decoded(secret)).containsExactlyInAnyOrderEntriesOf(Map.of("inviteRedeemUrl", issued, "userId", guest.id,
                "email", guest.desiredEmail(), "invitationId", reset.getInvitationId(), "issuedAt", reset.getIssuedAt()));
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("GuestRedemptionReset");
            assertThat(owner.getApiVersion()).isEqualTo("guestops.io/v1alpha1");
            assertThat(owner.getName()).isEqualTo(guest.name);
            assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getBlockOwnerDeletion()).isFalse();
        });
        assertThat(reset.getRedeemLinkSecret()).isEqualTo("link-asked-redeem-link");
        assertThat(reset.getRedeemLinkStored()).isTrue();
        assertThat(condition(done, "RedemptionReset").orElseThrow().getMessage())
                .contains("The redeem link is in Secret link-asked-redeem-link (key inviteRedeemUrl).");
        assertThat(LOG.toString(StandardCharsets.UTF_8)).as("the captured log holds the operator's lines")
                .contains("default/link-asked: stored the redeem link of invitation " + reset.getInvitationId());
        assertTheLinkIsOnlyIn("link-asked-redeem-link", issued);
    }

    @Test
    void aLostAnswerEndsReadySayingNoLinkExistsAndWhatToDo() {
        Guest guest = Guest.of("02", "link-answer-lost");
        FIXTURE.emulator().faults().add(FaultRule.times("/invitations", "POST", FaultKind.COMMIT_THEN_DROP, 1));
        create(client(), guest.resource("link-answer-lost-redeem-link"));

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(done.getStatus().getReset().getConfirmedBy()).isEqualTo(ConfirmedBy.USER_STATE);
        assertThat(done.getStatus().getReset().getRedeemLinkStored()).isFalse();
        assertThat(resetPostsFor(FIXTURE.emulator(), guest.id)).singleElement()
                .satisfies(post -> assertThat(post.connectionDropped()).isTrue());
        assertThat(condition(done, "RedemptionReset").orElseThrow().getMessage())
                .contains("No redeem link exists for this reset", "was lost", "invitation email", "resend the invitation");
        assertThat(client().secrets().inNamespace(NAMESPACE).withName("link-answer-lost-redeem-link").get())
                .as("no Secret without a link").isNull();
    }

    @Test
    void aResourceNotAskingForTheLinkWritesNoSecret() {
        Guest guest = Guest.of("03", "link-not-asked");
        GuestRedemptionReset created = create(client(), guest.resource(null));

        GuestRedemptionReset done = awaitReady(guest);
        assertThat(done.getStatus().getReset().getRedeemLinkSecret()).isNull();
        assertThat(client().secrets().inNamespace(NAMESPACE).list().getItems())
                .noneMatch(secret -> ownedBy(secret, created.getMetadata().getUid()));
        assertThat(condition(done, "RedemptionReset").orElseThrow().getMessage()).doesNotContain("redeem link");
        assertTheLinkIsOnlyIn(null, issuedLink(done.getStatus().getReset()));
    }

    @Test
    void aSecretTheResourceDoesNotOwnIsNeverOverwrittenAndNoResetIsSent() {
        Guest guest = Guest.of("04", "link-secret-taken");
        Secret someoneElses = client().resource(new SecretBuilder().withNewMetadata().withName("taken-by-someone")
                .withNamespace(NAMESPACE).endMetadata().withType("Opaque")
                .addToData("note", Base64.getEncoder().encodeToString("not the operator's".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        create(client(), guest.resource("taken-by-someone"));

        GuestRedemptionReset done = awaitResource(client(), guest.name, OperatorHarness::settled);
        assertThat(condition(done, "Stalled").orElseThrow()).satisfies(stalled -> {
            assertThat(stalled.getReason()).isEqualTo("RedeemLinkSecretInUse");
            assertThat(stalled.getMessage()).contains("taken-by-someone", "Nothing was sent to Graph");
        });
        assertThat(resetPostsFor(FIXTURE.emulator(), guest.id)).isEmpty();
        assertThat(GraphJournal.writesTo(FIXTURE.emulator(), guest.id)).as("not even the addresses were changed").isEmpty();
        Secret after = client().secrets().inNamespace(NAMESPACE).withName("taken-by-someone").get();
        assertThat(after.getData()).isEqualTo(someoneElses.getData()).containsOnlyKeys("note");
        assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void aResetForANewEmailReplacesTheLinkInTheSameSecret() {
        Guest guest = Guest.of("05", "link-replaced");
        create(client(), guest.resource("link-replaced-redeem-link"));
        String first = issuedLink(awaitReady(guest).getStatus().getReset());

        String nextEmail = "link-replaced@next.example";
        client().resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).withName(guest.name)
                .edit(resource -> {
                    resource.getSpec().setDesiredEmail(nextEmail);
                    return resource;
                });
        GuestRedemptionReset done = awaitResource(client(), guest.name, r -> settled(r) && isTrue(r, "Ready")
                && nextEmail.equals(r.getStatus().getReset().getEmail()));

        String second = issuedLink(done.getStatus().getReset());
        assertThat(second).isNotEqualTo(first);
        assertThat(decoded(secret("link-replaced-redeem-link"))).containsEntry("inviteRedeemUrl", second)
                .containsEntry("email", nextEmail).containsEntry("invitationId", done.getStatus().getReset().getInvitationId());
        assertThat(resetsOf(FIXTURE.emulator(), guest.id)).hasSize(2);
        assertTheLinkIsOnlyIn("link-replaced-redeem-link", second);
        assertTheLinkIsOnlyIn(null, first);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A guest of redeem-users.yaml: its mail is at old.example and the resource asks for new.example. */
    private record Guest(String id, String name) {
        static Guest of(String suffix, String name) {
            return new Guest("7f000000-0000-4000-8000-0000000000" + suffix, name);
        }

        String desiredEmail() {
            return name + "@new.example";
        }

        GuestRedemptionReset resource(String redeemLinkSecret) {
            GuestRedemptionReset resource = OperatorHarness.resource(name, new GuestReference(id, null), desiredEmail());
            resource.getSpec().getInvitation().setRedeemLinkSecret(redeemLinkSecret);
            return resource;
        }
    }

    private static KubernetesClient client() {
        return FIXTURE.client();
    }

    private static GuestRedemptionReset awaitReady(Guest guest) {
        return awaitResource(client(), guest.name, r -> settled(r) && isTrue(r, "Ready") && r.getStatus().getReset() != null);
    }

    /** The link the emulator handed out with this reset's invitation, read from its directory. */
    private static String issuedLink(ResetRecord reset) {
        assertThat(reset.getInvitationId()).as("an invitation Graph answered").isNotNull();
        return FIXTURE.emulator().directory().redeemUrlOf(reset.getInvitationId()).orElseThrow();
    }

    private static Secret secret(String name) {
        Secret secret = client().secrets().inNamespace(NAMESPACE).withName(name).get();
        assertThat(secret).as("Secret " + name).isNotNull();
        return secret;
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return values;
    }

    private static boolean ownedBy(Secret secret, String uid) {
        List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(owner -> uid.equals(owner.getUid()));
    }

    /**
     * The link, in any of the forms it could leak in (as issued, URL-decoded, or just its ticket),
     * appears in no status, no Event, no log line and no journal entry, and in no Secret but
     * {@code onlySecret} (none when null).
     */
    private static void assertTheLinkIsOnlyIn(String onlySecret, String link) {
        String decoded = URLDecoder.decode(link, StandardCharsets.UTF_8);
        Matcher ticket = TICKET.matcher(decoded);
        assertThat(ticket.find()).as("the emulator's link carries a ticket").isTrue();
        String[] forms = {link, decoded, ticket.group(1)};
        var serialization = client().getKubernetesSerialization();

        assertThat(client().resources(GuestRedemptionReset.class).inNamespace(NAMESPACE).list().getItems())
                .as("resources and their status").allSatisfy(r -> assertThat(serialization.asJson(r)).doesNotContain(forms));
        assertThat(client().v1().events().inNamespace(NAMESPACE).list().getItems())
                .as("Events").allSatisfy(e -> assertThat(serialization.asJson(e)).doesNotContain(forms));
        assertThat(LOG.toString(StandardCharsets.UTF_8)).as("the operator's log").doesNotContain(forms);
        assertThat(FIXTURE.emulator().journal()).as("the emulator's journal").allSatisfy(entry ->
                assertThat(String.join("\n", String.valueOf(entry.requestBody()), String.valueOf(entry.responseBody()), entry.path()))
                        .doesNotContain(forms));
        List<String> holders = client().secrets().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(secret -> secret.getData() != null && decoded(secret).values().stream().anyMatch(link::equals))
                .map(secret -> secret.getMetadata().getName()).toList();
        assertThat(holders).as("Secrets holding the link").isEqualTo(onlySecret == null ? List.of() : List.of(onlySecret));
    }
}
