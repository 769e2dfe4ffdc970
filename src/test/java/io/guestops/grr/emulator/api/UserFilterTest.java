package io.guestops.grr.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.wire.GraphError;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserFilterTest {
    private static final DirectoryUser GUEST_USER = new DirectoryUser("u1", "t1", "O'Brien", null, null,
            "ob_x.com#EXT#@t.onmicrosoft.com", "OB@x.com", List.of("one@y.com", "Two@Y.com"), List.of("SMTP:OB@x.com"),
            "Guest", "Invitation", "Accepted", Instant.EPOCH, List.of(), null, null, null, null, List.of(), true, null);
    private static final ObjectNode GUEST = UserJson.full(GUEST_USER);

    private static boolean matches(String filter) {
        return UserFilter.parse(filter).test(GUEST);
    }

    /** Filters of every shape; the quick first test may let a user through in vain, but must never turn away one the filter matches. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "mail eq 'ob@X.COM'                                            | true",
            "startsWith(userPrincipalName,'OB_')                           | true",
            "otherMails/any(x:x eq 'two@y.com')                            | true",
            "otherMails/any(x:x eq 'three@y.com')                          | false",
            "otherMails/any(x:x eq 'TWO@y.com') or mail eq 'nope'          | true",
            "startsWith(userPrincipalName,'OB_') or mail eq 'nope'         | true",
            "userPrincipalName eq 'OB_X.COM#EXT#@t.onmicrosoft.com'        | true",
            "mail in ('a@b.com', 'ob@x.com')                               | true",
            "mail in ('a@b.com', 'c@d.com')                                | false",
            "proxyAddresses/any(x:x eq 'smtp:ob@x.com')                    | true",
            "proxyAddresses/any(x:x eq 'smtp:one@y.com')                   | false",
            "userType eq 'Guest' and (mail eq 'nope' or id eq 'U1')        | true",
            "id in ('a','u1')                                              | true",
            "displayName eq 'O''Brien'                                     | true",
            "accountEnabled eq true and jobTitle eq null                   | true",
            "mail eq 'nope' or accountEnabled eq true                      | true",
            "not (userType eq 'Member')                                    | true",
    })
    void comparesCaseInsensitivelyAndAMatchAlwaysPassesTheQuickTest(String filter, boolean expected) {
        UserFilter parsed = UserFilter.parse(filter);

        assertThat(parsed.test(GUEST)).isEqualTo(expected);
        if (expected) {
            assertThat(new FilterableUsers().matches(GUEST_USER, parsed)).as("the quick first test").isTrue();
        }
    }

    @Test
    void flagsWhatOnlyAdvancedQueriesAccept() {
        assertThat(UserFilter.parse("endsWith(mail,'@x.com') and userType ne 'Member'").advancedOnly())
                .containsExactly("endsWith(mail)", "ne");
        assertThat(UserFilter.parse("mail eq 'a' and startsWith(mail,'a')").advancedOnly()).isEmpty();
        assertThat(UserFilter.parse("not (userType eq 'Member')").advancedOnly()).containsExactly("not");
    }

    /** Graph's table: https://learn.microsoft.com/graph/aad-advanced-queries#user-properties (blank = not valid). */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "startsWith(mail,'a')                               | default",
            "startsWith(displayName,'a')                        | default",
            "otherMails/any(x:startsWith(x,'a'))                | default",
            "endsWith(mail,'@x.com')                            | endsWith(mail)",
            "endsWith(userPrincipalName,'@x.com')               | endsWith(userPrincipalName)",
            "otherMails/any(x:endsWith(x,'@x.com'))             | endsWith(otherMails)",
            "proxyAddresses/any(x:endsWith(x,'@x.com'))         | endsWith(proxyAddresses)",
            "userType eq null                                   | userType eq null",
            "mail eq null                                       | mail eq null",
            "businessPhones/any(x:x eq '1')                     | businessPhones eq",
            "endsWith(displayName,'x')                          | refused",
            "startsWith(userType,'G')                           | refused",
            "startsWith(id,'a')                                 | refused",
            "startsWith(externalUserState,'A')                  | refused",
            "endsWith(jobTitle,'x')                             | refused",
            "userPrincipalName eq null                          | refused",
            "accountEnabled eq null                             | refused",
            "proxyAddresses/any(x:x in ('smtp:a@b.c','smtp:d@e.f')) | refused",
            "otherMails eq 'a@b.c'                              | refused"})
    void followsGraphsTableOfOperatorsPerProperty(String filter, String expected) {
        if (expected.equals("refused")) {
            assertThatThrownBy(() -> UserFilter.parse(filter)).isInstanceOfSatisfying(GraphError.class,
                    e -> assertThat(e.code()).isEqualTo("Request_UnsupportedQuery"));
        } else {
            assertThat(UserFilter.parse(filter).advancedOnly()).containsExactlyElementsOf(expected.equals("default") ? List.of() : List.of(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mail eq '%s'                          | 120 | ",
            "mail eq '%s'                          | 121 | mail",
            "otherMails/any(x:x eq '%s')           | 121 | otherMails",
            "startsWith(displayName,'%s')          | 121 | displayName",
            "mail in ('a@b.c','%s')                | 121 | mail"})
    void notesTheFirstValueLongerThan120Characters(String shape, int length, String property) {
        assertThat(UserFilter.parse(shape.formatted("v".repeat(length))).propertyWithLongValue()).isEqualTo(property);
    }

    /** The clauses the gateway writes for one address: mail, otherMails, SMTP proxy address, UPN. */
    private static String holderClauses(String address) {
        return "mail eq '" + address + "' or otherMails/any(x:x eq '" + address + "') or proxyAddresses/any(x:x eq 'smtp:"
                + address + "') or userPrincipalName eq '" + address + "'";
    }

    @ParameterizedTest(name = "holder of {0}: {1}")
    @CsvSource({
            "two@y.com, true",
            "OB@X.com, true",
            "ob_x.com#EXT#@t.onmicrosoft.com, true",
            "someone@else.com, false"})
    void theCombinedAddressHolderFilterFindsEveryKindOfHolder(String address, boolean expected) {
        String filter = holderClauses("someone@else.com") + " or " + holderClauses(address);

        assertThat(matches(filter)).isEqualTo(expected);
        assertThat(UserFilter.parse(filter).advancedOnly()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1} expressions")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "mail eq 'a'                                                   | 1",
            "mail eq 'a' or mail eq 'b' or userPrincipalName eq 'c'        | 3",
            "(mail eq 'a' or mail eq 'b') or mail eq 'c'                   | 3",
            "(mail eq 'a' or mail eq 'b') and (mail eq 'c' or mail eq 'd') | 4",
            "mail eq 'a' and userType eq 'Guest'                           | 2",
            "mail in ('a','b','c') or mail eq 'd'                          | 4",
            "otherMails/any(x:x eq 'a' or x eq 'b') or mail eq 'c'         | 3",
    })
    void countsTheExpressionsJoinedByAndAndOr(String filter, int expected) {
        assertThat(UserFilter.parse(filter).expressions()).isEqualTo(expected);
    }

    @Test
    void fourAddressesMakeSixteenExpressions() {
        String filter = String.join(" or ", holderClauses("a@x.com"), holderClauses("b@x.com"), holderClauses("c@x.com"),
                holderClauses("d@x.com"));

        assertThat(UserFilter.parse(filter).expressions()).isEqualTo(16);
        assertThat(UserFilter.parse(filter).joinedByOr()).isTrue();
    }

    @Test
    void unknownPropertiesAndSyntaxErrorsAre400() {
        assertThatThrownBy(() -> UserFilter.parse("shoeSize eq '42'")).isInstanceOfSatisfying(GraphError.class,
                e -> assertThat(e.code()).isEqualTo("Request_UnsupportedQuery"));
        assertThatThrownBy(() -> UserFilter.parse("mail eq 'unterminated")).isInstanceOfSatisfying(GraphError.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> UserFilter.parse("mail gt 'a'")).isInstanceOf(GraphError.class);
        assertThatThrownBy(() -> UserFilter.parse("mail eq 'a' extra")).isInstanceOf(GraphError.class);
    }

    @ParameterizedTest(name = "{0} with texts {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "mail eq 'A@b.com' or otherMails/any(x:x eq 'c@d.com')  | a@b.com,z@z.com | true",
            "mail eq 'A@b.com' or otherMails/any(x:x eq 'c@d.com')  | x@y.com,z@z.com | false",
            "mail in ('a@b.com', 'c@d.com')                         | c@d.com         | true",
            "mail eq 'a@b.com' and startsWith(displayName,'x')      | x@y.com         | false",
            "mail eq 'a@b.com' or startsWith(displayName,'x')       | x@y.com         | true",
            "not (mail eq 'a@b.com')                                | x@y.com         | true",
            "accountEnabled eq true                                 | x@y.com         | true",
    })
    void theQuickTestTurnsAwayOnlyUsersWithoutAnyComparedText(String filter, String texts, boolean mayMatch) {
        assertThat(UserFilter.parse(filter).mayMatch(Set.of(texts.split(",")))).isEqualTo(mayMatch);
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({"OB@X.COM, ob@x.com", "\u0130nci@x.com, inci@x.com", "\u0131nci@x.com, INCI@x.com",
            "stra\u00DFe@x.com, STRASSE@x.com", "\u212Aelvin, kelvin", "one@x.com, two@x.com"})
    void foldedTextsAreEqualExactlyWhenEqualsIgnoreCaseSays(String left, String right) {
        assertThat(UserFilter.fold(left).equals(UserFilter.fold(right))).isEqualTo(left.equalsIgnoreCase(right));
    }
}
