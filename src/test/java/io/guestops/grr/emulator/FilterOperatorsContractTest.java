package io.guestops.grr.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which filter operator Graph takes on which user property, by default, only in an advanced query,
 * or not at all, over plain HTTPS. From Graph's table of filter support for user properties,
 * https://learn.microsoft.com/graph/aad-advanced-queries#user-properties ("the endsWith operator is
 * supported only with advanced query parameters by mail, otherMails, userPrincipalName, and
 * proxyAddresses"; a blank cell is "not valid for that property"), and the public report of an
 * {@code in} list inside a lambda refused (microsoftgraph/microsoft-graph-docs-contrib#2573).
 */
class FilterOperatorsContractTest {
    private static final Map<String, String> EVENTUAL = Map.of("ConsistencyLevel", "eventual");

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    @ParameterizedTest(name = "{0}: plain {1}, advanced {2}")
    @CsvSource(delimiter = '|', value = {
            "startsWith(mail,%27ali%27)                                          | 200 | 200",
            "startsWith(displayName,%27Ali%27)                                   | 200 | 200",
            "otherMails/any(x:startsWith(x,%27john%27))                          | 200 | 200",
            "endsWith(mail,%27%40contoso.com%27)                                 | 400 | 200",
            "endsWith(userPrincipalName,%27%40fabrikam.onmicrosoft.com%27)        | 400 | 200",
            "proxyAddresses/any(x:endsWith(x,%27%40contoso.com%27))              | 400 | 200",
            "otherMails/any(x:endsWith(x,%27%40example.org%27))                  | 400 | 200",
            "endsWith(displayName,%27Doe%27)                                     | 400 | 400",
            "endsWith(jobTitle,%27x%27)                                          | 400 | 400",
            "startsWith(userType,%27Gu%27)                                       | 400 | 400",
            "startsWith(externalUserState,%27Acc%27)                             | 400 | 400",
            "startsWith(id,%273c9f%27)                                           | 400 | 400",
            "userType%20eq%20null                                                | 400 | 200",
            "userPrincipalName%20eq%20null                                       | 400 | 400",
            "userType%20eq%20%27Guest%27                                          | 200 | 200",
            "proxyAddresses/any(x:x%20in%20(%27smtp:a%40b.c%27,%27smtp:d%40e.f%27)) | 400 | 400",
            "mail%20in%20(%27a%40b.c%27,%27john%40contoso.com%27)                | 200 | 200"})
    void eachPropertyTakesTheOperatorsGraphsTableLists(String filter, int plainStatus, int advancedStatus) {
        EmulatorHttp.Reply plain = FIXTURE.http().get("/v1.0/users?$filter=" + filter, FIXTURE.token());
        EmulatorHttp.Reply advanced = FIXTURE.http().get("/v1.0/users?$count=true&$filter=" + filter, FIXTURE.token(), EVENTUAL);

        assertThat(plain.status()).isEqualTo(plainStatus);
        assertThat(advanced.status()).isEqualTo(advancedStatus);
        for (EmulatorHttp.Reply refused : new EmulatorHttp.Reply[] {plain, advanced}) {
            if (refused.status() == 400) {
                assertThat(refused.errorCode()).isEqualTo("Request_UnsupportedQuery");
            }
        }
    }
}
