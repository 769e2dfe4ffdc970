package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.ALICE;
import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.MARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UsersContractTest {
    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    @Test
    void getUserWithoutSelectReturnsOnlyGraphsDefaultProperties() {
        EmulatorHttp.Reply reply = FIXTURE.http().get("/v1.0/users/" + JOHN, FIXTURE.token());

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
        JsonNode user = FIXTURE.http().get("/v1.0/users/" + JOHN + "?$select=mail,otherMails,userType,externalUserState,externalUserStateChangeDateTime", FIXTURE.token()).json();

        List<String> fields = new ArrayList<>();
        user.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("@odata.context", "mail", "otherMails", "userType", "externalUserState",
                "externalUserStateChangeDateTime", "id");
        assertThat(user.get("userType").asText()).isEqualTo("Guest");
        assertThat(user.get("externalUserState").asText()).isEqualTo("Accepted");
    }

    /**
     * A real user property the emulator does not model is still a property Graph selects
     * (https://learn.microsoft.com/graph/api/resources/user lists it): answered as unset, not refused.
     */
    @Test
    void selectOfARealPropertyTheEmulatorDoesNotModelAnswersNull() {
        EmulatorHttp.Reply one = FIXTURE.http().get("/v1.0/users/" + JOHN + "?$select=mail,companyName,onPremisesSyncEnabled", FIXTURE.token());
        EmulatorHttp.Reply list = FIXTURE.http().get("/v1.0/users?$filter=mail%20eq%20'john@contoso.com'&$select=id,employeeId,city", FIXTURE.token());
        EmulatorHttp.Reply invented = FIXTURE.http().get("/v1.0/users/" + JOHN + "?$select=mail,shoeSize", FIXTURE.token());

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("companyName").isNull()).isTrue();
        assertThat(one.json().get("onPremisesSyncEnabled").isNull()).isTrue();
        assertThat(one.json().get("mail").asText()).isEqualTo("john@contoso.com");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().at("/value/0/city").isNull()).isTrue();
        assertThat(invented.status()).isEqualTo(400);
    }

    /** "The following properties are only supported when retrieving a single user ... 501": https://learn.microsoft.com/graph/api/user-list. */
    @Test
    void aListCannotSelectASingleUserOnlyProperty() {
        EmulatorHttp.Reply list = FIXTURE.http().get("/v1.0/users?$select=id,aboutMe", FIXTURE.token());
        EmulatorHttp.Reply one = FIXTURE.http().get("/v1.0/users/" + JOHN + "?$select=aboutMe", FIXTURE.token());

        assertThat(list.status()).isEqualTo(501);
        assertThat(one.status()).isEqualTo(200);
    }

    @Test
    void unknownUserIs404ResourceNotFound() {
        EmulatorHttp.Reply reply = FIXTURE.http().get("/v1.0/users/00000000-0000-0000-0000-000000000000", FIXTURE.token());

        assertThat(reply.statusAndErrorCode()).isEqualTo("404 Request_ResourceNotFound");
        assertThat(reply.json().at("/error/message").asText())
                .isEqualTo("Resource '00000000-0000-0000-0000-000000000000' does not exist or one of its queried reference-property objects are not present.");
        assertThat(reply.json().at("/error/innerError/request-id").asText()).isEqualTo(reply.header("request-id"));
    }

    @Test
    void clientRequestIdIsEchoed() {
        EmulatorHttp.Reply reply = FIXTURE.http().get("/v1.0/users/nobody", FIXTURE.token(), Map.of("client-request-id", "abc-123"));

        assertThat(reply.header("client-request-id")).isEqualTo("abc-123");
        assertThat(reply.json().at("/error/innerError/client-request-id").asText()).isEqualTo("abc-123");
    }

    @Test
    void filtersOnMailCaseInsensitively() {
        JsonNode page = FIXTURE.http().get("/v1.0/users?$filter=mail%20eq%20'JOHN@contoso.COM'", FIXTURE.token()).json();

        assertThat(page.get("value")).hasSize(1);
        assertThat(page.at("/value/0/id").asText()).isEqualTo(JOHN);
    }

    @Test
    void filtersOnOtherMailsAnyStartsWithAndUserTypeCombined() {
        JsonNode any = FIXTURE.http().get("/v1.0/users?$filter=otherMails/any(x:x%20eq%20'john.doe@example.org')", FIXTURE.token()).json();
        JsonNode prefix = FIXTURE.http().get("/v1.0/users?$filter=startsWith(mail,'ali')%20and%20userType%20eq%20'Guest'", FIXTURE.token()).json();
        JsonNode guests = FIXTURE.http().get("/v1.0/users?$filter=userType%20eq%20'Guest'&$select=id", FIXTURE.token()).json();

        assertThat(any.at("/value/0/id").asText()).isEqualTo(JOHN);
        assertThat(prefix.get("value")).hasSize(1);
        assertThat(prefix.at("/value/0/id").asText()).isEqualTo(ALICE);
        assertThat(guests.get("value")).hasSize(3);
    }

    @Test
    void advancedQueriesNeedEventualConsistencyAndCount() {
        EmulatorHttp.Reply plain = FIXTURE.http().get("/v1.0/users?$filter=endsWith(mail,'@contoso.com')", FIXTURE.token());
        EmulatorHttp.Reply headerOnly = FIXTURE.http().get("/v1.0/users?$filter=userType%20ne%20'Guest'", FIXTURE.token(), Map.of("ConsistencyLevel", "eventual"));
        EmulatorHttp.Reply advanced = FIXTURE.http().get("/v1.0/users?$filter=userType%20ne%20'Guest'&$count=true", FIXTURE.token(), Map.of("ConsistencyLevel", "eventual"));

        assertThat(plain.statusAndErrorCode()).isEqualTo("400 Request_UnsupportedQuery");
        assertThat(headerOnly.status()).isEqualTo(400);
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
            JsonNode page = FIXTURE.http().get(next, FIXTURE.token()).json();
            page.get("value").forEach(u -> ids.add(u.get("id").asText()));
            next = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText().substring(FIXTURE.emulator().graphEndpoint().length()) : null;
            pages++;
        }

        assertThat(pages).isEqualTo(2);
        assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void patchReplacesOtherMailsAndChangesMailWithProxyAddresses() {
        EmulatorHttp.Reply reply = FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(),
                "{\"mail\":\"john.new@contoso.com\",\"otherMails\":[\"a@x.com\"]}");

        assertThat(reply.status()).isEqualTo(204);
        var john = FIXTURE.emulator().directory().user(JOHN).orElseThrow();
        assertThat(john.mail()).isEqualTo("john.new@contoso.com");
        assertThat(john.otherMails()).containsExactly("a@x.com");
        assertThat(john.proxyAddresses()).contains("SMTP:john.new@contoso.com").doesNotContain("SMTP:john@contoso.com");
        assertThat(FIXTURE.emulator().journal()).last().satisfies(e -> assertThat(e.effective()).isTrue());
    }

    @Test
    void patchToAnAddressAnotherUserHoldsFails() {
        EmulatorHttp.Reply reply = FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"mail\":\"ALICE@example.net\"}");

        assertThat(reply.statusAndErrorCode()).isEqualTo("400 Request_BadRequest");
        assertThat(reply.json().at("/error/message").asText())
                .isEqualTo("Another object with the same value for property proxyAddresses already exists.");
        assertThat(FIXTURE.emulator().directory().user(JOHN).orElseThrow().mail()).isEqualTo("john@contoso.com");
    }

    @Test
    void patchRejectsNullMailTooManyOtherMailsAndReadOnlyProperties() {
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(251, "\"a@b.com\"")) + "]";
        String tooLong = "[\"" + "a".repeat(245) + "@b.com\"]";

        assertThat(FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"mail\":null}").status()).isEqualTo(400);
        assertThat(FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"otherMails\":" + tooMany + "}").errorCode()).isEqualTo("Request_BadRequest");
        assertThat(FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"otherMails\":" + tooLong + "}").status()).isEqualTo(400);
        assertThat(FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"userType\":\"Member\"}").status()).isEqualTo(400);
        assertThat(FIXTURE.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("john.doe@example.org");
    }

    @Test
    void patchOfUnknownUserIs404() {
        EmulatorHttp.Reply reply = FIXTURE.http().patch("/v1.0/users/11111111-1111-1111-1111-111111111111", FIXTURE.token(), "{\"otherMails\":[]}");

        assertThat(reply.statusAndErrorCode()).isEqualTo("404 Request_ResourceNotFound");
    }

    @Test
    void patchAcceptsTheGraphSdkTypeAnnotation() {
        EmulatorHttp.Reply reply = FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(),
                "{\"@odata.type\":\"#microsoft.graph.user\",\"otherMails\":[\"sdk@x.com\"]}");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(FIXTURE.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("sdk@x.com");
    }

    @Test
    void concurrentMailChangesToTheSameAddressLetExactlyOneWin() throws Exception {
        List<java.util.concurrent.CompletableFuture<Integer>> attempts = new ArrayList<>();
        for (String id : List.of(JOHN, ALICE, MARY)) {
            attempts.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> FIXTURE.http().patch("/v1.0/users/" + id, FIXTURE.token(), "{\"mail\":\"shared@contoso.com\"}").status()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var attempt : attempts) {
            statuses.add(attempt.get());
        }

        assertThat(statuses).containsExactlyInAnyOrder(204, 400, 400);
        assertThat(FIXTURE.emulator().directory().users()).filteredOn(u -> "shared@contoso.com".equals(u.mail())).hasSize(1);
    }
}
