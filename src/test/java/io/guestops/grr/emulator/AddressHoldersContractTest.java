package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.HELPDESK;
import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static io.guestops.grr.testkit.EmulatorHttp.MARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "Who holds this address": the GET /users filter over mail, otherMails, proxyAddresses and
 * userPrincipalName joined with or, and Graph's limit of 15 child clauses per disjunction outside
 * advanced queries. Over plain HTTPS against the sample seed.
 */
class AddressHoldersContractTest {
    private static final Map<String, String> ADVANCED = Map.of("ConsistencyLevel", "eventual");

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    /** The four clauses the gateway writes for one address. */
    static String holderClauses(String address) {
        return "mail eq '" + address + "' or otherMails/any(x:x eq '" + address + "') or proxyAddresses/any(x:x eq 'smtp:"
                + address + "') or userPrincipalName eq '" + address + "'";
    }

    static String usersWhere(String filter, String... extraOptions) {
        return "/v1.0/users?$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8) + "&$select=id,proxyAddresses"
                + String.join("", extraOptions);
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("value").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    @ParameterizedTest(name = "{0} is held by {1}")
    @CsvSource(delimiter = '|', value = {
            "john.doe@example.org                                | " + JOHN,       // otherMails
            "JOHN@contoso.com                                    | " + JOHN,       // mail and SMTP: primary, any case
            "mary@fabrikam.onmicrosoft.com                       | " + MARY,       // userPrincipalName of a member
            "helpdesk_partner.com#EXT#@fabrikam.onmicrosoft.com  | " + HELPDESK,   // a guest's external UPN
            "nobody@nowhere.example                              | ''",
    })
    void theCombinedFilterFindsTheHolderThroughAnyAddressProperty(String address, String expectedId) {
        EmulatorHttp.Reply reply = FIXTURE.http().get(usersWhere(holderClauses(address)), FIXTURE.token());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(ids(reply.json())).containsExactlyElementsOf(expectedId.isEmpty() ? List.of() : List.of(expectedId));
    }

    @Test
    void anSmtpProxyClauseMatchesThePrimarySmtpAddressWhateverTheCase() {
        JsonNode page = FIXTURE.http().get(usersWhere("proxyAddresses/any(x:x eq 'smtp:john@contoso.com')"), FIXTURE.token()).json();

        assertThat(ids(page)).containsExactly(JOHN);
        assertThat(page.at("/value/0/proxyAddresses/0").asText()).isEqualTo("SMTP:john@contoso.com");
    }

    @Test
    void afterAMailChangeTheNewAddressIsTheProxyAddressAndTheOldOneIsFree() {
        assertThat(FIXTURE.http().patch("/v1.0/users/" + JOHN, FIXTURE.token(), "{\"mail\":\"john.new@contoso.com\"}").status()).isEqualTo(204);

        JsonNode byProxy = FIXTURE.http().get(usersWhere("proxyAddresses/any(x:x eq 'smtp:john.new@contoso.com')"), FIXTURE.token()).json();
        JsonNode oldAddress = FIXTURE.http().get(usersWhere(holderClauses("john@contoso.com")), FIXTURE.token()).json();

        assertThat(ids(byProxy)).containsExactly(JOHN);
        assertThat(ids(oldAddress)).isEmpty();
    }

    @Test
    void threeAddressesInOneRequestFindEachHolderOnce() {
        String filter = String.join(" or ", holderClauses("john@contoso.com"), holderClauses("john.doe@example.org"),
                holderClauses("mary@fabrikam.com"));

        EmulatorHttp.Reply reply = FIXTURE.http().get(usersWhere(filter), FIXTURE.token());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(ids(reply.json())).containsExactlyInAnyOrder(JOHN, MARY);
    }

    static String mailClauses(int count, String joiner) {
        return IntStream.range(0, count).mapToObj(i -> "'a" + i + "@x.com'").collect(Collectors.joining(joiner));
    }

    @ParameterizedTest(name = "{0}: plain {1}, advanced {2}")
    @CsvSource({
            "15 or-ed clauses, 200, 200",
            "16 or-ed clauses, 400, 200",
            "15 in values, 200, 200",
            "16 in values, 400, 200"})
    void moreThanFifteenChildClausesNeedAnAdvancedQuery(String shape, int plainStatus, int advancedStatus) {
        int count = Integer.parseInt(shape.split(" ")[0]);
        String filter = shape.contains("in values")
                ? "mail in (" + mailClauses(count, ",") + ")"
                : "mail eq " + mailClauses(count, " or mail eq ");

        EmulatorHttp.Reply plain = FIXTURE.http().get(usersWhere(filter), FIXTURE.token());
        EmulatorHttp.Reply advanced = FIXTURE.http().get(usersWhere(filter, "&$count=true"), FIXTURE.token(), ADVANCED);

        assertThat(plain.status()).isEqualTo(plainStatus);
        assertThat(advanced.status()).isEqualTo(advancedStatus);
        if (plainStatus == 400) {
            assertThat(plain.errorCode()).isEqualTo("Request_UnsupportedQuery");
            assertThat(plain.json().at("/error/message").asText())
                    .isEqualTo("Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.");
        }
    }

    @Test
    void fourAddressesAreSixteenClausesAndWorkOnlyAsAnAdvancedQuery() {
        String filter = String.join(" or ", holderClauses("john@contoso.com"), holderClauses("alice@example.net"),
                holderClauses("mary@fabrikam.com"), holderClauses("nobody@nowhere.example"));

        EmulatorHttp.Reply plain = FIXTURE.http().get(usersWhere(filter), FIXTURE.token());
        EmulatorHttp.Reply headerOnly = FIXTURE.http().get(usersWhere(filter), FIXTURE.token(), ADVANCED);
        EmulatorHttp.Reply advanced = FIXTURE.http().get(usersWhere(filter, "&$count=true"), FIXTURE.token(), ADVANCED);

        assertThat(plain.errorCode()).isEqualTo("Request_UnsupportedQuery");
        assertThat(headerOnly.errorCode()).isEqualTo("Request_UnsupportedQuery");
        assertThat(advanced.status()).isEqualTo(200);
        assertThat(advanced.json().get("@odata.count").asInt()).isEqualTo(3);
        assertThat(ids(advanced.json())).hasSize(3);
    }
}
