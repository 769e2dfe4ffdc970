package io.guestops.grr.embedded.table;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HumanDurationTest {

    @ParameterizedTest
    @CsvSource({"0,0s", "45,45s", "119,119s", "200,3m20s", "600,10m", "7200,120m", "12600,3h30m", "36000,10h",
            "180000,2d2h", "864000,10d", "63072000,2y", "70000000,2y80d", "-1,0s", "-5,<invalid>"})
    void printsAgesAsKubectlDoes(long seconds, String expected) {
        assertThat(HumanDuration.of(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}
