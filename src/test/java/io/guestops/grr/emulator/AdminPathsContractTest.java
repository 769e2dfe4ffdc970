package io.guestops.grr.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminPathsContractTest {
    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    @Test
    void stateShowsUsersWithAllPropertiesButNoApplicationSecrets() {
        EmulatorHttp.Reply state = FIXTURE.http().get("/_emulator/state", null);

        assertThat(state.status()).isEqualTo(200);
        assertThat(state.body()).doesNotContain("dev-only-secret-change-me");
        JsonNode john = state.json().get("users").get(0);
        assertThat(john.get("externalUserState").asText()).isEqualTo("Accepted");
        assertThat(john.get("otherMails").get(0).asText()).isEqualTo("john.doe@example.org");
    }

    @Test
    void journalListsRequestsWithoutSecrets() {
        String freshToken = FIXTURE.http().operatorToken(); // the token request is the journal's first entry
        FIXTURE.http().get("/v1.0/users/" + EmulatorHttp.JOHN, freshToken);

        JsonNode journal = FIXTURE.http().get("/_emulator/journal", null).json();

        assertThat(journal).hasSize(2);
        assertThat(journal.get(0).get("requestBody").asText()).doesNotContain(EmulatorHttp.OPERATOR_SECRET);
        assertThat(journal.get(0).get("responseBody").asText()).doesNotContain(freshToken);
        assertThat(journal.get(1).get("path").asText()).isEqualTo("/v1.0/users/" + EmulatorHttp.JOHN);
        assertThat(journal.get(1).get("appId").asText()).isEqualTo(EmulatorHttp.OPERATOR_APP);
        assertThat(journal.get(1).get("effective").asBoolean()).isFalse();
    }

    @Test
    void seedPostReplacesStateAndResetRestoresTheStartSeed() {
        EmulatorHttp.Reply seeded = FIXTURE.http().send("POST", "/_emulator/seed", null, """
                tenants:
                  - id: 99999999-0000-0000-0000-000000000000
                    defaultDomain: other.onmicrosoft.com
                users:
                  - id: only-user
                """, Map.of("Content-Type", "application/yaml"));
        assertThat(seeded.status()).isEqualTo(204);
        assertThat(FIXTURE.emulator().directory().users()).singleElement().satisfies(u -> assertThat(u.id()).isEqualTo("only-user"));

        EmulatorHttp.Reply bad = FIXTURE.http().send("POST", "/_emulator/seed", null, "tenants: [{id: x}]", Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("defaultDomain").contains("line 1");

        assertThat(FIXTURE.http().post("/_emulator/reset", null, null).status()).isEqualTo(204);
        assertThat(FIXTURE.emulator().directory().users()).hasSize(4);
    }

    @Test
    void faultsCanBeAddedListedAndClearedAsJson() {
        EmulatorHttp.Reply added = FIXTURE.http().post("/_emulator/faults", null,
                "{\"route\":\"/users/*\",\"method\":\"GET\",\"kind\":\"503\",\"count\":1,\"retryAfterSeconds\":2}");
        assertThat(added.status()).isEqualTo(204);
        assertThat(FIXTURE.http().get("/_emulator/faults", null).json()).hasSize(1);

        EmulatorHttp.Reply faulted = FIXTURE.http().get("/v1.0/users/" + EmulatorHttp.JOHN, FIXTURE.token());
        assertThat(faulted.status()).isEqualTo(503);
        assertThat(faulted.header("Retry-After")).isEqualTo("2");
        assertThat(FIXTURE.http().get("/_emulator/faults", null).json()).isEmpty();

        FIXTURE.http().post("/_emulator/faults", null, "{\"route\":\"**\",\"kind\":\"504\"}");
        assertThat(FIXTURE.http().send("DELETE", "/_emulator/faults", null, null, Map.of()).status()).isEqualTo(204);
        assertThat(FIXTURE.http().get("/v1.0/users/" + EmulatorHttp.JOHN, FIXTURE.token()).status()).isEqualTo(200);

        EmulatorHttp.Reply badKind = FIXTURE.http().post("/_emulator/faults", null, "{\"route\":\"**\",\"kind\":\"explode\"}");
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.json().get("error").asText()).contains("explode");
    }

    @Test
    void redeemPathAcceptsTheInvitationAsTheGuestWould() {
        EmulatorHttp.Reply reply = FIXTURE.http().post("/_emulator/users/" + EmulatorHttp.ALICE + "/redeem", null, "{\"email\":\"alice@example.net\"}");
        EmulatorHttp.Reply unknown = FIXTURE.http().post("/_emulator/users/nobody/redeem", null, null);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.header("request-id")).isNotBlank();
        assertThat(unknown.status()).isEqualTo(404);
        var alice = FIXTURE.emulator().directory().user(EmulatorHttp.ALICE).orElseThrow();
        assertThat(alice.externalUserState()).isEqualTo("Accepted");
        assertThat(alice.identities()).singleElement().satisfies(i -> assertThat(i.issuer()).isEqualTo("example.net"));
    }
}
