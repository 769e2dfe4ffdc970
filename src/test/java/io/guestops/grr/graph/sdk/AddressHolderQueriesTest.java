package io.guestops.grr.graph.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the address-holder lookup is cut to fit Graph's limits
 * (https://developer.microsoft.com/en-us/graph/known-issues/?search=13635): 15 comparisons and
 * 120-character values in a plain query; a URL of 2,048 characters for every query.
 */
class AddressHolderQueriesTest {

    /** About what the SDK sends: a base URL and $select, then the encoded filter. */
    private static final ToIntFunction<UsersQuery> URL = q -> 250 + URLEncoder.encode(q.filter(), StandardCharsets.UTF_8).length();

    private static List<String> addresses(int count) {
        return IntStream.range(0, count).mapToObj(i -> "a" + i + "@partner.example").toList();
    }

    @ParameterizedTest(name = "{0} addresses: {1} plain queries")
    @CsvSource({"1, 1", "3, 1", "4, 2", "15, 4", "251, 67"})
    void shortAddressesFillPlainQueriesOfFifteenComparisons(int count, int queries) {
        List<UsersQuery> plan = AddressHolderQueries.plan(addresses(count), URL);

        assertThat(plan).hasSize(queries).noneMatch(UsersQuery::advanced);
        assertThat(plan).allSatisfy(q -> assertThat(q.filter().split(" or ")).hasSizeLessThanOrEqualTo(15));
        assertThat(String.join(" or ", plan.stream().map(UsersQuery::filter).toList()).split(" or ")).hasSize(4 * count);
    }

    @ParameterizedTest(name = "an address of {0} characters: {1} of its comparisons advanced")
    @CsvSource({"115, 0", "116, 1", "120, 1", "121, 4", "254, 4"})
    void onlyComparisonsOfValuesOver120CharactersAreAdvanced(int length, int advanced) {
        String address = "x".repeat(length - "@p.example".length()) + "@p.example";

        List<UsersQuery> plan = AddressHolderQueries.plan(List.of(address), URL);

        long advancedComparisons = plan.stream().filter(UsersQuery::advanced).mapToLong(q -> q.filter().split(" or ").length).sum();
        assertThat(advancedComparisons).isEqualTo(advanced);
    }

    @Test
    void everyQueryKeepsToTheUrlLimit() {
        List<String> addresses = IntStream.range(0, 251).mapToObj(i -> "x".repeat(100 + i % 150) + i + "@p.example").toList();

        List<UsersQuery> plan = AddressHolderQueries.plan(addresses, URL);

        assertThat(plan).allSatisfy(q -> assertThat(URL.applyAsInt(q)).isLessThanOrEqualTo(AddressHolderQueries.MAX_URL_LENGTH));
        assertThat(plan).filteredOn(q -> !q.advanced()).allSatisfy(q -> assertThat(q.filter().split(" or ")).hasSizeLessThanOrEqualTo(15));
        assertThat(plan.stream().mapToInt(q -> q.filter().split(" or ").length).sum()).isEqualTo(4 * 251);
    }

    @Test
    void quotesAreEscapedInEveryComparison() {
        List<UsersQuery> plan = AddressHolderQueries.plan(List.of("o'brien@partner.example"), URL);

        assertThat(plan).singleElement().extracting(UsersQuery::filter).isEqualTo("mail eq 'o''brien@partner.example' or "
                + "otherMails/any(x:x eq 'o''brien@partner.example') or proxyAddresses/any(x:x eq 'smtp:o''brien@partner.example') or "
                + "userPrincipalName eq 'o''brien@partner.example'");
    }
}
