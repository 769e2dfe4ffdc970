package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.ContractApp.DIRECTORY_READER;
import static io.guestops.grr.testkit.ContractApp.DOMAIN_READER;
import static io.guestops.grr.testkit.ContractApp.GROUP_MEMBER_READER;
import static io.guestops.grr.testkit.ContractApp.OPERATOR;
import static io.guestops.grr.testkit.ContractApp.USER_AND_GROUP_READER;
import static io.guestops.grr.testkit.ContractApp.USER_READER;
import static io.guestops.grr.testkit.EmulatorHttp.ALICE;
import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.MARY;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_APP;
import static io.guestops.grr.testkit.EmulatorHttp.OPERATOR_SECRET;
import static io.guestops.grr.testkit.EmulatorHttp.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.testkit.ContractApp;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * POST /users/{id}/checkMemberGroups (transitive membership through the sample seed's nested
 * groups) and GET /domains, over plain HTTPS: answers, limits, permissions and throttling cost.
 */
class MemberGroupsAndDomainsContractTest {
    static final String ALL_EXTERNAL = "4b0c6d1e-2f3a-4b5c-8d6e-7f8091a2b3c4";
    static final String PARTNERS = "5c1d7e2f-3a4b-4c5d-9e6f-8091a2b3c4d5";
    static final String NO_SUCH_GROUP = "00000000-0000-0000-0000-0000000000aa";

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> ContractApp.addedTo(Seed.sample(),
            OPERATOR, USER_READER, GROUP_MEMBER_READER, USER_AND_GROUP_READER, DIRECTORY_READER, DOMAIN_READER));

    private static String token;

    @BeforeAll
    static void start() {
        token = GRAPH.http().operatorToken();
    }

    static String body(List<String> groupIds) {
        return groupIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"groupIds\":[", "]}"));
    }

    static EmulatorHttp.Reply check(String userId, List<String> groupIds, String bearer) {
        return GRAPH.http().post("/v1.0/users/" + userId + "/checkMemberGroups", bearer, body(groupIds));
    }

    static List<String> values(JsonNode answer) {
        List<String> values = new ArrayList<>();
        answer.get("value").forEach(v -> values.add(v.asText()));
        return values;
    }

    @ParameterizedTest(name = "{0} is a member of [{1}]")
    @CsvSource({
            JOHN + ", " + PARTNERS + ";" + ALL_EXTERNAL,   // direct, and through the nested group
            ALICE + ", " + ALL_EXTERNAL,                   // direct only
            MARY + ", ''"})
    void answersTransitiveMembershipAmongTheAskedGroups(String userId, String expected) {
        EmulatorHttp.Reply reply = check(userId, List.of(ALL_EXTERNAL, PARTNERS, NO_SUCH_GROUP), token);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("@odata.context").asText()).endsWith("/$metadata#Collection(Edm.String)");
        List<String> expectedIds = expected.isEmpty() ? List.of() : List.of(expected.split(";"));
        assertThat(values(reply.json())).containsExactlyInAnyOrderElementsOf(expectedIds);
    }

    @Test
    void onlyTheAskedGroupsAreAnswered() {
        assertThat(values(check(JOHN, List.of(PARTNERS), token).json())).containsExactly(PARTNERS);
    }

    @Test
    void twentyIdsAreAcceptedTwentyOneAreNot() {
        List<String> twenty = new ArrayList<>(List.of(ALL_EXTERNAL));
        while (twenty.size() < 20) {
            twenty.add(UUID.randomUUID().toString());
        }
        List<String> twentyOne = new ArrayList<>(twenty);
        twentyOne.add(UUID.randomUUID().toString());

        EmulatorHttp.Reply accepted = check(JOHN, twenty, token);
        EmulatorHttp.Reply refused = check(JOHN, twentyOne, token);

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(values(accepted.json())).containsExactly(ALL_EXTERNAL);
        assertThat(refused.statusAndErrorCode()).isEqualTo("400 Request_BadRequest");
    }

    @Test
    void aMalformedIdAnUnknownUserAndAWrongMethodAreRefused() {
        EmulatorHttp.Reply malformed = check(JOHN, List.of(ALL_EXTERNAL, "not-a-guid"), token);
        EmulatorHttp.Reply unknownUser = check("11111111-1111-1111-1111-111111111111", List.of(ALL_EXTERNAL), token);
        EmulatorHttp.Reply get = GRAPH.http().get("/v1.0/users/" + JOHN + "/checkMemberGroups", token);

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/message").asText()).isEqualTo("Invalid object identifier 'not-a-guid'.");
        assertThat(unknownUser.statusAndErrorCode()).isEqualTo("404 Request_ResourceNotFound");
        assertThat(get.status()).isEqualTo(405);
    }

    @ParameterizedTest(name = "{0}: checkMemberGroups {1}, domains {2}")
    @CsvSource({
            "OPERATOR,              200, 200",   // User.ReadWrite.All + GroupMember.Read.All + Domain.Read.All
            "USER_READER,           403, 403",   // User.Read.All only
            "GROUP_MEMBER_READER,   403, 403",   // GroupMember.Read.All without a user permission
            "USER_AND_GROUP_READER, 200, 403",
            "DIRECTORY_READER,      200, 200",
            "DOMAIN_READER,         403, 200"})
    void permissionsAreTheDocumentedOnes(ContractApp app, int checkStatus, int domainsStatus) {
        String bearer = GRAPH.http().token(app.clientId(), ContractApp.SECRET);

        EmulatorHttp.Reply check = check(JOHN, List.of(PARTNERS), bearer);
        EmulatorHttp.Reply domains = GRAPH.http().get("/v1.0/domains", bearer);

        assertThat(check.status()).isEqualTo(checkStatus);
        assertThat(domains.status()).isEqualTo(domainsStatus);
        for (EmulatorHttp.Reply refused : List.of(check, domains)) {
            if (refused.status() == 403) {
                assertThat(refused.errorCode()).isEqualTo("Authorization_RequestDenied");
            }
        }
    }

    /** Throttling limits: "POST me/checkMemberGroups: 4" applies to users/{id}/ too; https://learn.microsoft.com/graph/throttling-limits. */
    @Test
    void checkMemberGroupsCostsFourResourceUnitsAndNoWrite() {
        GRAPH.emulator().throttling().reset(ThrottleLimits.graphDefaults().withWritesPer150s(1));

        List<Integer> checks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EmulatorHttp.Reply reply = check(JOHN, List.of(PARTNERS), token);
            assertThat(reply.header("x-ms-resource-unit")).isEqualTo("4");
            checks.add(reply.status());
        }
        int firstPatch = GRAPH.http().patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"a@x.com\"]}").status();
        int secondPatch = GRAPH.http().patch("/v1.0/users/" + JOHN, token, "{\"otherMails\":[\"b@x.com\"]}").status();

        assertThat(checks).containsOnly(200);
        assertThat(firstPatch).isEqualTo(204);
        assertThat(secondPatch).isEqualTo(429);
        assertThat(GRAPH.emulator().journal()).filteredOn(e -> e.path().endsWith("/checkMemberGroups"))
                .allSatisfy(e -> assertThat(e.effective()).isFalse());
    }

    @Test
    void domainsListsEveryDomainWithItsVerificationState() {
        EmulatorHttp.Reply reply = GRAPH.http().get("/v1.0/domains", token);

        assertThat(reply.status()).isEqualTo(200);
        List<String> verified = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        reply.json().get("value").forEach(d -> (d.get("isVerified").asBoolean() ? verified : unverified).add(d.get("id").asText()));
        assertThat(verified).containsExactly("fabrikam.onmicrosoft.com", "fabrikam.com");
        assertThat(unverified).containsExactly("fabrikam-lab.com");
        JsonNode initial = reply.json().at("/value/0");
        assertThat(initial.get("isInitial").asBoolean()).isTrue();
        assertThat(initial.get("isDefault").asBoolean()).isTrue();
        assertThat(initial.get("authenticationType").asText()).isEqualTo("Managed");
    }

    @Test
    void domainsHonourSelectAndRefuseWhatTheEmulatorDoesNotKnow() {
        JsonNode selected = GRAPH.http().get("/v1.0/domains?$select=isVerified", token).json().at("/value/0");
        EmulatorHttp.Reply unknownProperty = GRAPH.http().get("/v1.0/domains?$select=shoeSize", token);
        EmulatorHttp.Reply unknownOption = GRAPH.http().get("/v1.0/domains?$orderby=id", token);

        List<String> fields = new ArrayList<>();
        selected.fieldNames().forEachRemaining(fields::add);
        Collections.sort(fields);
        assertThat(fields).containsExactly("id", "isVerified");
        assertThat(unknownProperty.status()).isEqualTo(400);
        assertThat(unknownOption.status()).isEqualTo(400);
    }

    @Test
    void aTenantSeededWithoutDomainsHasItsInitialDomain() {
        GRAPH.emulator().reset(Seed.parse("""
                tenants:
                  - id: %s
                    defaultDomain: fabrikam.example
                applications:
                  - clientId: %s
                    secrets: [%s]
                    applicationPermissions: [Domain.Read.All]
                """.formatted(TENANT, OPERATOR_APP, OPERATOR_SECRET)));

        JsonNode domains = GRAPH.http().get("/v1.0/domains?$select=id,isVerified,isDefault", GRAPH.http().operatorToken()).json();

        assertThat(domains.get("value")).hasSize(2);
        assertThat(domains.at("/value/0/id").asText()).isEqualTo("fabrikam.onmicrosoft.com");
        assertThat(domains.at("/value/1/id").asText()).isEqualTo("fabrikam.example");
        assertThat(domains.at("/value/1/isDefault").asBoolean()).isTrue();
    }
}
