package io.guestops.grr.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
