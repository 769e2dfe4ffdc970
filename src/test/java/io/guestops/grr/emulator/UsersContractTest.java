package io.guestops.grr.emulator;

import static io.guestops.grr.emulator.EmulatorHttp.ALICE;
import static io.guestops.grr.emulator.EmulatorHttp.JOHN;
import static io.guestops.grr.emulator.EmulatorHttp.MARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.Seed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersContractTest {
    private static GraphEmulator emulator;
    private static EmulatorHttp http;
    private static String token;

    @BeforeAll
    static void start() {
        emulator = GraphEmulator.start(EmulatorOptions.defaults());
        http = new EmulatorHttp(emulator);
        token = http.operatorToken();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void freshState() {
        emulator.reset(Seed.sample());
    }

    @Test
    void getUserWithoutSelectReturnsOnlyGraphsDefaultProperties() {
        EmulatorHttp.Reply reply = http.get("/v1.0/users/" + JOHN, token);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode user = reply.json();
        assertThat(user.get("mail").asText()).isEqualTo("john@contoso.com");
        assertThat(user.has("businessPhones")).isTrue();
        assertThat(user.has("otherMails")).isFalse();
        assertThat(user.has("userType")).isFalse();
        assertThat(user.has("externalUserState")).isFalse();
        assertThat(reply.header("request-id")).isNotBlank();
    }

    @Test
    void getUserWithSelectReturnsExactlyTheSelectedPropertiesAndId() {
        JsonNode user = http.get("/v1.0/users/" + JOHN + "?$select=mail,otherMails,userType,externalUserState,externalUserStateChangeDateTime", token).json();

        List<String> fields = new ArrayList<>();
        user.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("@odata.context", "mail", "otherMails", "userType", "externalUserState",
                "externalUserStateChangeDateTime", "id");
        assertThat(user.get("userType").asText()).isEqualTo("Guest");
        assertThat(user.get("externalUserState").asText()).isEqualTo("Accepted");
    }

    @Test
    void unknownUserIs404ResourceNotFound() {
        EmulatorHttp.Reply reply = http.get("/v1.0/users/00000000-0000-0000-0000-000000000000", token);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("Request_ResourceNotFound");
        assertThat(reply.json().at("/error/message").asText())
                .isEqualTo("Resource '00000000-0000-0000-0000-000000000000' does not exist or one of its queried reference-property objects are not present.");
        assertThat(reply.json().at("/error/innerError/request-id").asText()).isEqualTo(reply.header("request-id"));
    }

    @Test
    void clientRequestIdIsEchoed() {
        EmulatorHttp.Reply reply = http.get("/v1.0/users/nobody", token, Map.of("client-request-id", "abc-123"));

        assertThat(reply.header("client-request-id")).isEqualTo("abc-123");
        assertThat(reply.json().at("/error/innerError/client-request-id").asText()).isEqualTo("abc-123");
    }

    @Test
    void filtersOnMailCaseInsensitively() {
        JsonNode page = http.get("/v1.0/users?$filter=mail%20eq%20'JOHN@contoso.COM'", token).json();

        assertThat(page.get("value")).hasSize(1);
        assertThat(page.at("/value/0/id").asText()).isEqualTo(JOHN);
    }

    @Test
    void filtersOnOtherMailsAnyStartsWithAndUserTypeCombined() {
        JsonNode any = http.get("/v1.0/users?$filter=otherMails/any(x:x%20eq%20'john.doe@example.org')", token).json();
        JsonNode prefix = http.get("/v1.0/users?$filter=startsWith(mail,'ali')%20and%20userType%20eq%20'Guest'", token).json();
        JsonNode guests = http.get("/v1.0/users?$filter=userType%20eq%20'Guest'&$select=id", token).json();

        assertThat(any.at("/value/0/id").asText()).isEqualTo(JOHN);
        assertThat(prefix.get("value")).hasSize(1);
        assertThat(prefix.at("/value/0/id").asText()).isEqualTo(ALICE);
        assertThat(guests.get("value")).hasSize(3);
    }

    @Test
    void advancedQueriesNeedEventualConsistencyAndCount() {
        EmulatorHttp.Reply plain = http.get("/v1.0/users?$filter=endsWith(mail,'@contoso.com')", token);
        EmulatorHttp.Reply headerOnly = http.get("/v1.0/users?$filter=userType%20ne%20'Guest'", token, Map.of("ConsistencyLevel", "eventual"));
        EmulatorHttp.Reply countWithout = http.get("/v1.0/users?$count=true", token);
        EmulatorHttp.Reply advanced = http.get("/v1.0/users?$filter=userType%20ne%20'Guest'&$count=true", token, Map.of("ConsistencyLevel", "eventual"));

        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.errorCode()).isEqualTo("Request_UnsupportedQuery");
        assertThat(headerOnly.status()).isEqualTo(400);
        assertThat(countWithout.errorCode()).isEqualTo("Request_UnsupportedQuery");
        assertThat(advanced.status()).isEqualTo(200);
        assertThat(advanced.json().get("@odata.count").asInt()).isEqualTo(1);
        assertThat(advanced.json().at("/value/0/id").asText()).isEqualTo(MARY);
    }

    @Test
    void pagesWithNextLinkWhenTopIsExceeded() {
        List<String> ids = new ArrayList<>();
        String next = "/v1.0/users?$top=3&$select=id";
        int pages = 0;
        while (next != null) {
            JsonNode page = http.get(next, token).json();
            page.get("value").forEach(u -> ids.add(u.get("id").asText()));
            next = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText().substring(emulator.graphEndpoint().length()) : null;
            pages++;
        }

        assertThat(pages).isEqualTo(2);
        assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void patchReplacesOtherMailsAndChangesMailWithProxyAddresses() {
        EmulatorHttp.Reply reply = http.patch("/v1.0/users/" + JOHN, token,
                "{\"mail\":\"john.new@contoso.com\",\"otherMails\":[\"a@x.com\"]}");

        assertThat(reply.status()).isEqualTo(204);
        var john = emulator.directory().user(JOHN).orElseThrow();
        assertThat(john.mail()).isEqualTo("john.new@contoso.com");
        assertThat(john.otherMails()).containsExactly("a@x.com");
        assertThat(john.proxyAddresses()).contains("SMTP:john.new@contoso.com").doesNotContain("SMTP:john@contoso.com");
        assertThat(emulator.journal()).last().satisfies(e -> assertThat(e.effective()).isTrue());
    }

    @Test
    void patchToAnAddressAnotherUserHoldsFails() {
        EmulatorHttp.Reply reply = http.patch("/v1.0/users/" + JOHN, token, "{\"mail\":\"ALICE@example.net\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("Request_BadRequest");
        assertThat(reply.json().at("/error/message").asText())
                .isEqualTo("Another object with the same value for property proxyAddresses already exists.");
        assertThat(emulator.directory().user(JOHN).orElseThrow().mail()).isEqualTo("john@contoso.com");
    }

    @Test
    void patchRejectsNullMailTooManyOtherMailsAndReadOnlyProperties() {
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(251, "\"a@b.com\"")) + "]";
        String tooLong = "[\"" + "a".repeat(245) + "@b.com\"]";

        assertThat(http.patch("/v1.0/users/" + JOHN, token, "{\"mail\":null}").status()).isEqualTo(400);
        assertThat(http.patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":" + tooMany + "}").errorCode()).isEqualTo("Request_BadRequest");
        assertThat(http.patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":" + tooLong + "}").status()).isEqualTo(400);
        assertThat(http.patch("/v1.0/users/" + JOHN, token, "{\"userType\":\"Member\"}").status()).isEqualTo(400);
        assertThat(emulator.directory().user(JOHN).orElseThrow().otherMails()).containsExactly("john.doe@example.org");
    }

    @Test
    void patchOfUnknownUserIs404() {
        EmulatorHttp.Reply reply = http.patch("/v1.0/users/11111111-1111-1111-1111-111111111111", token, "{\"otherMails\":[]}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("Request_ResourceNotFound");
    }

    @Test
    void patchAcceptsTheGraphSdkTypeAnnotation() {
        EmulatorHttp.Reply reply = http.patch("/v1.0/users/" + JOHN, token,
                "{\"@odata.type\":\"#microsoft.graph.user\",\"otherMails\":[\"sdk@x.com\"]}");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(emulator.directory().user(JOHN).orElseThrow().otherMails()).containsExactly("sdk@x.com");
    }

    @Test
    void concurrentMailChangesToTheSameAddressLetExactlyOneWin() throws Exception {
        List<java.util.concurrent.CompletableFuture<Integer>> attempts = new ArrayList<>();
        for (String id : List.of(JOHN, ALICE, MARY)) {
            attempts.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> http.patch("/v1.0/users/" + id, token, "{\"mail\":\"shared@contoso.com\"}").status()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var attempt : attempts) {
            statuses.add(attempt.get());
        }

        assertThat(statuses).containsExactlyInAnyOrder(204, 400, 400);
        assertThat(emulator.directory().users()).filteredOn(u -> "shared@contoso.com".equals(u.mail())).hasSize(1);
    }
}
