package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.ALICE;
import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeltaAndBatchContractTest {
    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    private String relative(String link) {
        return link.substring(FIXTURE.emulator().graphEndpoint().length());
    }

    /** Follows nextLinks; returns the items of all pages and the final deltaLink. */
    private record Round(List<JsonNode> items, String deltaLink, int pages) {
    }

    private Round follow(String first) {
        List<JsonNode> items = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (true) {
            EmulatorHttp.Reply reply = FIXTURE.http().get(next, FIXTURE.token());
            assertThat(reply.status()).isEqualTo(200);
            JsonNode page = reply.json();
            page.get("value").forEach(items::add);
            pages++;
            if (page.has("@odata.nextLink")) {
                next = relative(page.get("@odata.nextLink").asText());
            } else {
                return new Round(items, relative(page.get("@odata.deltaLink").asText()), pages);
            }
        }
    }

    /** A hundred more users than the sample seed's four, so that a round takes two pages. */
    private static void addHundredUsers() {
        Seed sample = Seed.sample();
        List<DirectoryUser> users = new ArrayList<>(sample.users());
        for (int i = 0; i < 100; i++) {
            users.add(new DirectoryUser("00000000-0000-4000-8000-%012d".formatted(i), EmulatorHttp.TENANT, "user " + i, null, null,
                    "user" + i + "@fabrikam.onmicrosoft.com", null, List.of(), List.of(), "Member", null, null, null,
                    List.of(), null, null, null, null, List.of(), true, null));
        }
        FIXTURE.emulator().reset(new Seed(sample.tenants(), sample.applications(), users, sample.roleAssignments(), sample.groups()));
    }

    @Test
    void deltaPagesThroughAllUsersThenReturnsOnlyChangesAndRemovals() {
        addHundredUsers();
        Round initial = follow("/v1.0/users/delta?$select=mail,externalUserState");
        assertThat(initial.items()).hasSize(104);
        assertThat(initial.pages()).isEqualTo(2);
        assertThat(initial.items().get(0).has("displayName")).isFalse();
        assertThat(initial.items().get(0).has("externalUserState")).isTrue();

        assertThat(follow(initial.deltaLink()).items()).isEmpty();

        FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"otherMails\":[\"x@y.com\"]}");
        FIXTURE.emulator().removeUser(ALICE);
        Round changes = follow(initial.deltaLink());

        assertThat(changes.items()).hasSize(2);
        assertThat(changes.items().get(0).get("id").asText()).isEqualTo(JOHN);
        assertThat(changes.items().get(0).has("mail")).isTrue();
        assertThat(changes.items().get(1).get("id").asText()).isEqualTo(ALICE);
        assertThat(changes.items().get(1).at("/@removed/reason").asText()).isEqualTo("changed");
    }

    /**
     * "For the user and group resources, there are restrictions on using some query parameters: ...
     * $top is not supported": https://learn.microsoft.com/graph/delta-query-overview#optional-query-parameters.
     */
    @Test
    void deltaRefusesTop() {
        EmulatorHttp.Reply reply = FIXTURE.http().get("/v1.0/users/delta?$select=mail&$top=3", FIXTURE.token());

        assertThat(reply.statusAndErrorCode()).isEqualTo("400 Request_UnsupportedQuery");
    }

    @Test
    void deltaAlsoAnswersTheFunctionCallSpellingTheJavaSdkUses() {
        EmulatorHttp.Reply reply = FIXTURE.http().get("/v1.0/users/delta()?$select=mail", FIXTURE.token());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("value")).hasSize(4);
        assertThat(reply.header("x-ms-resource-unit")).isEqualTo("1");
    }

    @Test
    void deltaFilterAcceptsOnlyIdEqualities() {
        Round one = follow("/v1.0/users/delta?$filter=id%20eq%20'" + JOHN + "'%20or%20id%20eq%20'" + ALICE + "'");
        EmulatorHttp.Reply mailFilter = FIXTURE.http().get("/v1.0/users/delta?$filter=mail%20eq%20'a@b.com'", FIXTURE.token());
        StringBuilder tooMany = new StringBuilder("id eq '0'");
        for (int i = 1; i <= 50; i++) {
            tooMany.append(" or id eq '").append(i).append("'");
        }
        EmulatorHttp.Reply fiftyOne = FIXTURE.http().get("/v1.0/users/delta?$filter=" + tooMany.toString().replace(" ", "%20"), FIXTURE.token());

        assertThat(one.items()).extracting(u -> u.get("id").asText()).containsExactlyInAnyOrder(JOHN, ALICE);
        assertThat(mailFilter.statusAndErrorCode()).isEqualTo("400 Request_UnsupportedQuery");
        assertThat(fiftyOne.status()).isEqualTo(400);
    }

    @Test
    void batchRunsEachRequestThroughRoutingAndPermissionsAndAnswers200() {
        String readerToken = FIXTURE.http().readerToken();
        String body = """
                {"requests":[
                  {"id":"1","method":"GET","url":"/users/%s?$select=mail"},
                  {"id":"2","method":"PATCH","url":"/users/%s","headers":{"Content-Type":"application/json"},"body":{"otherMails":["b@c.com"]}},
                  {"id":"3","method":"GET","url":"/users/00000000-0000-0000-0000-000000000000"}
                ]}""".formatted(JOHN, JOHN);

        EmulatorHttp.Reply asReader = FIXTURE.http().post("/v1.0/$batch", readerToken, body);

        assertThat(asReader.status()).isEqualTo(200);
        JsonNode responses = asReader.json().get("responses");
        assertThat(responses).hasSize(3);
        assertThat(responses.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(responses.get(0).at("/body/mail").asText()).isEqualTo("john@contoso.com");
        assertThat(responses.get(1).get("status").asInt()).isEqualTo(403);
        assertThat(responses.get(1).at("/body/error/code").asText()).isEqualTo("Authorization_RequestDenied");
        assertThat(responses.get(2).get("status").asInt()).isEqualTo(404);
        assertThat(FIXTURE.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("john.doe@example.org");

        EmulatorHttp.Reply asOperator = FIXTURE.http().post("/v1.0/$batch", FIXTURE.token(), body);
        assertThat(asOperator.json().at("/responses/1/status").asInt()).isEqualTo(204);
        assertThat(FIXTURE.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("b@c.com");
    }

    /**
     * "If body is included with the request, the headers object must contain a value for
     * Content-Type": https://learn.microsoft.com/graph/json-batching.
     */
    @Test
    void aBatchPartWithABodyAndNoContentTypeIsRefused() {
        String body = """
                {"requests":[
                  {"id":"1","method":"GET","url":"/users/%s?$select=mail"},
                  {"id":"2","method":"PATCH","url":"/users/%s","headers":{"Prefer":"return=minimal"},"body":{"otherMails":["b@c.com"]}}
                ]}""".formatted(JOHN, JOHN);
        String typed = body.replace("\"Prefer\":\"return=minimal\"", "\"content-type\":\"application/json\"");

        EmulatorHttp.Reply untyped = FIXTURE.http().post("/v1.0/$batch", FIXTURE.token(), body);
        assertThat(untyped.statusAndErrorCode()).isEqualTo("400 BadRequest");
        assertThat(FIXTURE.emulator().directory().user(JOHN).orElseThrow().otherMails()).containsExactly("john.doe@example.org");

        assertThat(FIXTURE.http().post("/v1.0/$batch", FIXTURE.token(), typed).json().at("/responses/1/status").asInt()).isEqualTo(204);
    }

    @Test
    void batchOfMoreThanTwentyRequestsIs400() {
        StringBuilder body = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 21; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"method\":\"GET\",\"url\":\"/users/").append(JOHN).append("\"}");
        }
        body.append("]}");

        EmulatorHttp.Reply reply = FIXTURE.http().post("/v1.0/$batch", FIXTURE.token(), body.toString());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/code").asText()).isNotBlank();
        assertThat(FIXTURE.emulator().journal()).filteredOn(e -> e.path().startsWith("/v1.0/users")).isEmpty();
    }
}
