package io.guestops.grr.emulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.wire.GraphError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserFilterTest {
    private static final ObjectNode GUEST = UserJson.full(new DirectoryUser("u1", "t1", "O'Brien", null, null,
            "ob_x.com#EXT#@t.onmicrosoft.com", "OB@x.com", List.of("one@y.com", "Two@Y.com"), List.of("SMTP:OB@x.com"),
            "Guest", "Invitation", "Accepted", Instant.EPOCH, List.of(), null, null, null, null, List.of(), true, null));

    private static boolean matches(String filter) {
        return UserFilter.parse(filter).test(GUEST);
    }

    @Test
    void comparesStringsCaseInsensitively() {
        assertThat(matches("mail eq 'ob@X.COM'")).isTrue();
        assertThat(matches("startsWith(userPrincipalName,'OB_')")).isTrue();
        assertThat(matches("otherMails/any(x:x eq 'two@y.com')")).isTrue();
        assertThat(matches("otherMails/any(x:x eq 'three@y.com')")).isFalse();
    }

    @Test
    void combinesWithAndOrNotParenthesesAndIn() {
        assertThat(matches("userType eq 'Guest' and (mail eq 'nope' or id eq 'U1')")).isTrue();
        assertThat(matches("id in ('a','u1')")).isTrue();
        assertThat(matches("displayName eq 'O''Brien'")).isTrue();
        assertThat(matches("accountEnabled eq true and jobTitle eq null")).isTrue();
        assertThat(UserFilter.parse("not (userType eq 'Member')").advancedOperators()).containsExactly("not");
        assertThat(matches("not (userType eq 'Member')")).isTrue();
    }

    @Test
    void flagsAdvancedOperators() {
        assertThat(UserFilter.parse("endsWith(mail,'@x.com') and userType ne 'Member'").advancedOperators())
                .containsExactly("endsWith", "ne");
        assertThat(UserFilter.parse("mail eq 'a' and startsWith(mail,'a')").advancedOperators()).isEmpty();
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
}
