package io.guestops.grr.emulator;

import static io.guestops.grr.testkit.EmulatorHttp.JOHN;
import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.EmulatorHttp;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Graph's limits on a users query, at each boundary, over plain HTTPS. From Graph's known issues,
 * https://developer.microsoft.com/en-us/graph/known-issues/?search=13635: "the request is limited
 * to 15 expressions in the filter clause by default OR a URL length of 2,048 characters when using
 * advanced query capabilities"; "when filtering using the eq operator, the maximum limit of the
 * value to match is 120 characters ... When using advanced queries, the limit is applied on the URL
 * length at 2,048 characters instead of the matched value".
 */
class QueryLimitsContractTest {
    private static final Map<String, String> EVENTUAL = Map.of("ConsistencyLevel", "eventual");

    @RegisterExtension
    static final EmulatorFixture FIXTURE = EmulatorFixture.withSampleSeed();

    /** {@code count} comparisons of mail joined by {@code joiner}, URL-encoded. */
    private static String mailComparisons(int count, String joiner) {
        return IntStream.range(0, count).mapToObj(i -> "mail%20eq%20%27a" + i + "%40x.com%27").collect(Collectors.joining("%20" + joiner + "%20"));
    }

    private static EmulatorHttp.Reply plain(String encodedFilter) {
        return FIXTURE.http().get("/v1.0/users?$filter=" + encodedFilter + "&$select=id", FIXTURE.token());
    }

    private static EmulatorHttp.Reply advanced(String encodedFilter) {
        return FIXTURE.http().get("/v1.0/users?$count=true&$filter=" + encodedFilter, FIXTURE.token(), EVENTUAL);
    }

    @ParameterizedTest(name = "{0} expressions joined by {1}: plain {2}")
    @CsvSource({"14, or, 200", "15, or, 200", "16, or, 400", "14, and, 200", "15, and, 200", "16, and, 400"})
    void aPlainFilterHoldsAtMostFifteenExpressionsJoinedByOrOrAnd(int count, String joiner, int plainStatus) {
        EmulatorHttp.Reply plain = plain(mailComparisons(count, joiner));
        EmulatorHttp.Reply advanced = advanced(mailComparisons(count, joiner));

        assertThat(plain.status()).isEqualTo(plainStatus);
        assertThat(advanced.status()).as("advanced queries lift the limit").isEqualTo(200);
        if (plainStatus == 400) {
            assertThat(plain.errorCode()).isEqualTo("Request_UnsupportedQuery");
            assertThat(plain.json().at("/error/message").asText())
                    .isEqualTo("Too many child clauses specified in search filter expression containing '" + joiner.toUpperCase()
                            + "' operators: 16. Max allowed: 15.");
        }
    }

    @ParameterizedTest(name = "{0} with a value of {1} characters: plain {2}")
    @CsvSource({
            "mail eq,                       120, 200",
            "mail eq,                       121, 400",
            "otherMails,                    120, 200",
            "otherMails,                    121, 400",
            "proxyAddresses,                120, 200",
            "proxyAddresses,                121, 400",
            "startsWith(userPrincipalName), 121, 400"})
    void aPlainFilterComparesValuesOfAtMost120Characters(String clause, int length, int plainStatus) {
        String value = "a".repeat(length - "@x.com".length()) + "%40x.com";
        String filter = switch (clause) {
            case "mail eq" -> "mail%20eq%20%27" + value + "%27";
            case "otherMails" -> "otherMails/any(x:x%20eq%20%27" + value + "%27)";
            case "proxyAddresses" -> "proxyAddresses/any(x:x%20eq%20%27smtp:" + value.substring("smtp:".length()) + "%27)";
            default -> "startsWith(userPrincipalName,%27" + value + "%27)";
        };

        EmulatorHttp.Reply plain = plain(filter);
        EmulatorHttp.Reply advanced = advanced(filter);

        assertThat(plain.status()).isEqualTo(plainStatus);
        assertThat(advanced.status()).as("advanced queries limit the URL instead").isEqualTo(200);
        if (plainStatus == 400) {
            assertThat(plain.errorCode()).isEqualTo("Request_UnsupportedQuery");
            assertThat(plain.json().at("/error/message").asText()).startsWith("Unsupported or invalid query filter clause specified for property '");
        }
    }

    @ParameterizedTest(name = "an advanced query of {0} characters: {1}")
    @CsvSource({"2047, 200", "2048, 200", "2049, 400"})
    void anAdvancedQueryHasAUrlOfAtMost2048Characters(int urlLength, int status) {
        String prefix = "/v1.0/users?$count=true&$filter=mail%20eq%20%27";
        String suffix = "%27";
        int padding = urlLength - FIXTURE.emulator().graphEndpoint().length() - prefix.length() - suffix.length();

        EmulatorHttp.Reply reply = FIXTURE.http().get(prefix + "a".repeat(padding) + suffix, FIXTURE.token(), EVENTUAL);

        assertThat(reply.status()).isEqualTo(status);
        if (status == 400) {
            assertThat(reply.errorCode()).isEqualTo("Request_UnsupportedQuery");
        }
    }

    @Test
    void aPlainQueryHasNoDocumentedUrlLimit() {
        // 15 comparisons of 120-character values: over 2,048 characters, and within both plain limits.
        String filter = IntStream.range(0, 15).mapToObj(i -> "mail%20eq%20%27" + "a".repeat(114) + "%40x.c" + (char) ('a' + i) + "%27")
                .collect(Collectors.joining("%20or%20"));

        EmulatorHttp.Reply reply = plain(filter);

        assertThat(FIXTURE.emulator().graphEndpoint().length() + "/v1.0/users?$filter=&$select=id".length() + filter.length()).isGreaterThan(2048);
        assertThat(reply.status()).isEqualTo(200);
    }

    /**
     * "If the ConsistencyLevel header is not specified, the request ... silently ignores the $count
     * query parameter (?$count=true)": https://learn.microsoft.com/graph/aad-advanced-queries#error-handling-for-advanced-queries-on-directory-objects.
     */
    @Test
    void countWithoutConsistencyLevelIsIgnoredNotRefused() {
        EmulatorHttp.Reply reply = FIXTURE.http().get("/v1.0/users?$count=true&$filter=mail%20eq%20%27john@contoso.com%27", FIXTURE.token());
        EmulatorHttp.Reply stillPlain = FIXTURE.http().get("/v1.0/users?$count=true&$filter=userType%20ne%20%27Guest%27", FIXTURE.token());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("@odata.count")).isFalse();
        assertThat(reply.json().at("/value/0/id").asText()).isEqualTo(JOHN);
        assertThat(stillPlain.errorCode()).as("the query is still not an advanced one").isEqualTo("Request_UnsupportedQuery");
    }
}
