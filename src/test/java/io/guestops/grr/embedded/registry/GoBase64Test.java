package io.guestops.grr.embedded.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The offsets in "illegal base64 data at input byte N" are Go's, as users see them from a real API server. */
class GoBase64Test {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "YWRtaW4=        | decodes",
        "YWJj            | decodes",
        "YW==            | decodes",
        "''              | decodes",
        "YWJj\\nYWJj     | decodes",
        // seen from real API servers: 'billy' and 'admin' at byte 4, 'APIKEY_BASE64' at byte 6
        "billy           | 4",
        "admin           | 4",
        "APIKEY_BASE64   | 6",
        "YWJj=           | 4",
        "YWI=YWJj        | 4",
        "Y===            | 1",
        "YW=a            | 2",
        "not base64!     | 3",
    })
    void reportsWhereGoStops(String input, String expected) {
        String text = input.replace("\\n", "\n");

        String actual = GoBase64.corruptAt(text).stream().mapToObj(Integer::toString).findFirst().orElse("decodes");

        assertThat(actual).isEqualTo(expected);
    }
}
