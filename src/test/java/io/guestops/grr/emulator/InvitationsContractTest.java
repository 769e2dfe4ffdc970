package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.ALICE;
import static io.guestops.grr.testkit.EmulatorHttp.HELPDESK;
import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.MARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InvitationsContractTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-01-10T10:00:00Z"));
    /** The sample seed plus an app that only has User.Invite.All, restored before every test. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> Seed.parse(sampleWithInviteOnlyApp()))
            .options(options -> options.clock(CLOCK));
    private static String operator;
    private static String inviteOnly;

    @BeforeAll
    static void start() {
        operator = GRAPH.http().operatorToken();
        inviteOnly = GRAPH.http().token("7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", "invite-only-secret");
    }

    /** The sample seed plus an app that only has User.Invite.All. */
    private static String sampleWithInviteOnlyApp() {
        try (var in = Seed.class.getResourceAsStream("/emulator/sample-seed.yaml")) {
            String sample = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String inviteOnlyApp = "  - clientId: 7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e\n"
                    + "    secrets: [invite-only-secret]\n"
                    + "    applicationPermissions: [User.Invite.All, User.Read.All]\n\n";
            return sample.replace("\nusers:\n", "\n" + inviteOnlyApp + "users:\n");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reset(String userId, String email) {
        return """
                {"invitedUserEmailAddress":"%s","inviteRedirectUrl":"https://myapps.microsoft.com",
                 "sendInvitationMessage":false,"resetRedemption":true,"invitedUser":{"id":"%s"}}""".formatted(email, userId);
    }

    @Test
    void resetRedemptionReturns201AndPutsTheGuestBackToPendingAcceptance() {
        DirectoryUser before = GRAPH.emulator().directory().user(JOHN).orElseThrow();
        CLOCK.advance(Duration.ofMinutes(5));

        EmulatorHttp.Reply reply = GRAPH.http().post("/v1.0/invitations", operator, reset(JOHN, "John.Doe@example.org"));

        assertThat(reply.status()).isEqualTo(201);
        JsonNode body = reply.json();
        assertThat(body.get("status").asText()).isEqualTo("PendingAcceptance");
        assertThat(body.get("resetRedemption").asBoolean()).isTrue();
        assertThat(body.at("/invitedUser/id").asText()).isEqualTo(JOHN);
        assertThat(body.get("inviteRedeemUrl").asText()).contains("ticket");
        assertThat(body.get("inviteRedirectUrl").asText()).isEqualTo("https://myapps.microsoft.com");
        DirectoryUser after = GRAPH.emulator().directory().user(JOHN).orElseThrow();
        assertThat(after.externalUserState()).isEqualTo("PendingAcceptance");
        assertThat(after.externalUserStateChangeDateTime()).isAfter(before.externalUserStateChangeDateTime());
        assertThat(after.mail()).isEqualTo(before.mail());
        assertThat(after.identities()).singleElement().satisfies(i -> assertThat(i.issuer()).isEqualTo("fabrikam.onmicrosoft.com"));
        JournalEntry entry = GRAPH.emulator().journal().get(GRAPH.emulator().journal().size() - 1);
        assertThat(entry.effective()).isTrue();
        assertThat(entry.memberConverted()).isFalse();
        assertThat(entry.responseBody()).doesNotContain(body.get("inviteRedeemUrl").asText()).contains("inviteRedeemUrl");
    }

    @Test
    void theRedeemLinkHandedOutIsRememberedApartFromTheJournalAndTheStateDump() {
        EmulatorHttp.Reply reply = GRAPH.http().post("/v1.0/invitations", operator, reset(JOHN, "John.Doe@example.org"));
        String link = reply.json().get("inviteRedeemUrl").asText();
        String invitationId = reply.json().get("id").asText();

        assertThat(GRAPH.emulator().directory().redeemUrlOf(invitationId)).contains(link);
        assertThat(GRAPH.http().get("/_emulator/state", null).body()).contains(invitationId).doesNotContain(link);
        assertThat(GRAPH.emulator().journal()).allSatisfy(entry -> assertThat(entry.responseBody() + entry.requestBody())
                .doesNotContain(link));
    }

    @Test
    void resetChangeTimeIsStrictlyLaterEvenWhenTheClockDoesNotMove() {
        GRAPH.http().post("/v1.0/invitations", operator, reset(ALICE, "alice@example.net"));
        Instant first = GRAPH.emulator().directory().user(ALICE).orElseThrow().externalUserStateChangeDateTime();

        GRAPH.http().post("/v1.0/invitations", operator, reset(ALICE, "alice@example.net"));

        assertThat(GRAPH.emulator().directory().user(ALICE).orElseThrow().externalUserStateChangeDateTime()).isAfter(first);
    }

    @Test
    void resetWithAnEmailNotOnTheUserIsTheDocumented400() {
        EmulatorHttp.Reply reply = GRAPH.http().post("/v1.0/invitations", operator, reset(JOHN, "john@elsewhere.com"));

        assertThat(reply.statusAndErrorCode()).isEqualTo("400 BadRequest");
        assertThat(reply.json().at("/error/message").asText()).isEqualTo(
                "The email you're using to invite this user doesn't match any emails on the user object. Please add this email to the user object and try again.");
        assertThat(GRAPH.emulator().directory().user(JOHN).orElseThrow().externalUserState()).isEqualTo("Accepted");
    }

    @Test
    void resetNeedsAnExistingInvitedUser() {
        EmulatorHttp.Reply missingId = GRAPH.http().post("/v1.0/invitations", operator,
                "{\"invitedUserEmailAddress\":\"a@b.com\",\"inviteRedirectUrl\":\"https://x\",\"resetRedemption\":true}");
        EmulatorHttp.Reply unknown = GRAPH.http().post("/v1.0/invitations", operator, reset("22222222-0000-0000-0000-000000000000", "a@b.com"));

        assertThat(missingId.status()).isEqualTo(400);
        assertThat(unknown.statusAndErrorCode()).isEqualTo("404 Request_ResourceNotFound");
    }

    @Test
    void resetNeedsUserReadWriteAllEvenWhenUserInviteAllIsGranted() {
        EmulatorHttp.Reply reply = GRAPH.http().post("/v1.0/invitations", inviteOnly, reset(JOHN, "john@contoso.com"));

        assertThat(reply.statusAndErrorCode()).isEqualTo("403 Authorization_RequestDenied");
    }

    @Test
    void appOnlyResetOfARoleHolderIsForbidden() {
        EmulatorHttp.Reply reply = GRAPH.http().post("/v1.0/invitations", operator, reset(HELPDESK, "helpdesk@partner.com"));

        assertThat(reply.statusAndErrorCode()).isEqualTo("403 Forbidden");
        assertThat(GRAPH.emulator().directory().user(HELPDESK).orElseThrow().externalUserState()).isEqualTo("Accepted");
    }

    @Test
    void requiredFieldsAndSingleCcRecipientAreEnforced() {
        EmulatorHttp.Reply noEmail = GRAPH.http().post("/v1.0/invitations", operator, "{\"inviteRedirectUrl\":\"https://x\"}");
        EmulatorHttp.Reply noRedirect = GRAPH.http().post("/v1.0/invitations", operator, "{\"invitedUserEmailAddress\":\"a@b.com\"}");
        EmulatorHttp.Reply twoCc = GRAPH.http().post("/v1.0/invitations", operator, """
                {"invitedUserEmailAddress":"a@b.com","inviteRedirectUrl":"https://x","invitedUserMessageInfo":{"ccRecipients":[
                 {"emailAddress":{"address":"c1@x.com"}},{"emailAddress":{"address":"c2@x.com"}}]}}""");

        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.json().at("/error/message").asText()).contains("invitedUserEmailAddress");
        assertThat(noRedirect.json().at("/error/message").asText()).contains("inviteRedirectUrl");
        assertThat(twoCc.status()).isEqualTo(400);
        assertThat(GRAPH.http().post("/v1.0/invitations", operator, "{\"invitedUserEmailAddress\":\"not-an-email\",\"inviteRedirectUrl\":\"https://x\"}").status()).isEqualTo(400);
        assertThat(GRAPH.http().post("/v1.0/invitations", operator, "{\"invitedUserEmailAddress\":\"a@b.com\",\"inviteRedirectUrl\":\"myapps\"}").status()).isEqualTo(400);
        assertThat(GRAPH.emulator().directory().invitations()).isEmpty();
    }

    @Test
    void invitingANewEmailCreatesAPendingGuest() {
        EmulatorHttp.Reply reply = GRAPH.http().post("/v1.0/invitations", inviteOnly,
                "{\"invitedUserEmailAddress\":\"new.person@partner.org\",\"inviteRedirectUrl\":\"https://x\"}");

        assertThat(reply.status()).isEqualTo(201);
        DirectoryUser guest = GRAPH.emulator().directory().user(reply.json().at("/invitedUser/id").asText()).orElseThrow();
        assertThat(guest.userType()).isEqualTo("Guest");
        assertThat(guest.userPrincipalName()).isEqualTo("new.person_partner.org#EXT#@fabrikam.onmicrosoft.com");
        assertThat(guest.creationType()).isEqualTo("Invitation");
        assertThat(guest.externalUserState()).isEqualTo("PendingAcceptance");
    }

    @Test
    void invitingAMemberByIdWithoutResetConvertsItAndTheJournalSaysSo() {
        EmulatorHttp.Reply reply = GRAPH.http().post("/v1.0/invitations", operator,
                "{\"invitedUserEmailAddress\":\"mary@fabrikam.com\",\"inviteRedirectUrl\":\"https://x\",\"invitedUser\":{\"id\":\"" + MARY + "\"}}");

        assertThat(reply.status()).isEqualTo(201);
        DirectoryUser mary = GRAPH.emulator().directory().user(MARY).orElseThrow();
        assertThat(mary.externalUserState()).isEqualTo("PendingAcceptance");
        assertThat(mary.creationType()).isEqualTo("Invitation");
        assertThat(GRAPH.emulator().journal()).filteredOn(JournalEntry::memberConverted).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("/v1.0/invitations"));
        assertThat(GRAPH.emulator().directory().invitations()).singleElement().satisfies(i -> assertThat(i.memberConverted()).isTrue());
    }

    @Test
    void roleAssignmentsAreListedByPrincipal() {
        JsonNode holder = GRAPH.http().get("/v1.0/roleManagement/directory/roleAssignments?$filter=principalId%20eq%20'" + HELPDESK + "'", operator).json();
        JsonNode none = GRAPH.http().get("/v1.0/roleManagement/directory/roleAssignments?$filter=principalId%20eq%20'" + JOHN + "'", operator).json();

        assertThat(holder.get("value")).singleElement().satisfies(a -> {
            assertThat(a.get("principalId").asText()).isEqualTo(HELPDESK);
            assertThat(a.get("roleDefinitionId").asText()).isEqualTo("729827e3-9c14-49f7-bb1b-9608f156bbb8");
        });
        assertThat(none.get("value")).isEmpty();
    }
}
