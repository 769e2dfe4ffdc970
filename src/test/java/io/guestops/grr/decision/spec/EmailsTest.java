package io.guestops.grr.decision.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailsTest {

    @Test
    void normalizeComparesAsGraphDoes() {
        assertThat(Emails.normalize("  Jane.Doe@New.Example ")).isEqualTo("jane.doe@new.example");
        assertThat(Emails.normalize(null)).isNull();
    }

    @Test
    void sameIgnoresCaseAndSpacesAndNeverMatchesNull() {
        assertThat(Emails.same(" Jane@New.Example", "jane@new.example ")).isTrue();
        assertThat(Emails.same("jane@new.example", "john@new.example")).isFalse();
        assertThat(Emails.same(null, "jane@new.example")).isFalse();
        assertThat(Emails.same(null, null)).isFalse();
    }

    /** Addresses Entra accepts for signing in, and the lax forms that reached Graph before (issue 7, point 4). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "alex.wilber@outlook.com             | accepted",
            "o'brien+b2b@fabrikam.co.uk          | accepted",
            "anna@xn--mller-kva.example          | accepted",
            "alex@fabrіkam.com                   | non-ASCII",
            "ålex@fabrikam.com                   | non-ASCII",
            "alex@fabrikam.com.                  | syntax",
            "alex@[10.0.0.1]                     | syntax",
            "alex@10.0.0.1                       | syntax",
            "\"alex wilber\"@fabrikam.com        | syntax",
            "alex..wilber@fabrikam.com           | syntax",
            ".alex@fabrikam.com                  | syntax",
            "alex@fabrikam                       | syntax",
            "alex@-fabrikam.com                  | syntax",
            "alex@fabrikam-.com                  | syntax",
            "alex@@fabrikam.com                  | syntax",
            "alex wilber@fabrikam.com            | syntax",
    })
    void onlyAddressesEntraAcceptsForSignInPass(String address, String expected) {
        String verdict = Emails.syntaxProblem(address).map(p -> p.startsWith("contains a non-ASCII") ? "non-ASCII" : "syntax")
                .orElse("accepted");
        assertThat(verdict).isEqualTo(expected);
    }

    @Test
    void lengthLimitsAreRfc5321s() {
        String longLocal = "a".repeat(65) + "@fabrikam.com";
        assertThat(Emails.syntaxProblem(longLocal)).hasValueSatisfying(p -> assertThat(p).contains("longer than 64"));
        String longAddress = "a@" + ("b".repeat(60) + ".").repeat(5) + "com";
        assertThat(Emails.syntaxProblem(longAddress)).hasValueSatisfying(p -> assertThat(p).contains("longer than 254"));
    }
}
