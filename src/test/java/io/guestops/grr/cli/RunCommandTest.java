package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guestops.grr.kube.OperatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunCommandTest {

    @Test
    void aSettleWindowNoLongerThanAGraphRequestIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> RunCommand.run(new String[] {"--no-default-tenant", "--settle-window", "30s"}))
                .isInstanceOf(Arguments.UsageError.class)
                .hasMessageContaining("--settle-window must be longer than the Graph request timeout (30s), got 30s");
    }

    @Test
    void theDefaultSettleWindowOutlastsAGraphRequest() {
        assertThatCode(() -> RunCommand.requireSettleWindowLongerThanARequest(OperatorSettings.defaults(), null))
                .doesNotThrowAnyException();
        OperatorSettings tight = OperatorSettings.builder().settleWindow(Duration.ofSeconds(31)).backoff(Duration.ofSeconds(5), Duration.ofMinutes(5)).build();
        assertThatCode(() -> RunCommand.requireSettleWindowLongerThanARequest(tight, null)).doesNotThrowAnyException();
    }

    /** Secure by default: only an explicit flag or environment value turns policies off. */
    @ParameterizedTest(name = "--no-policies {0}, GRR_NO_POLICIES={1} -> policies on: {2}")
    @CsvSource(nullValues = "unset", value = {
            "false, unset, true",
            "true,  unset, false",
            "false, true,  false",
            "false, 1,     false",
            "false, false, true",
            "true,  false, false"})
    void policiesAreOnUnlessExplicitlyTurnedOff(boolean flag, String value, boolean enforced) {
        String[] argv = flag ? new String[] {"--no-policies"} : new String[0];
        Arguments args = Arguments.parse(argv, java.util.Set.of(), java.util.Set.of("no-policies"));
        assertThat(SettingsTable.policiesEnforced(args, value)).isEqualTo(enforced);
    }

    @Test
    void aMistypedEnvironmentValueIsRefusedRatherThanGuessed() {
        Arguments none = Arguments.parse(new String[0], java.util.Set.of(), java.util.Set.of("no-policies"));
        assertThatThrownBy(() -> SettingsTable.policiesEnforced(none, "yes please"))
                .isInstanceOf(Arguments.UsageError.class).hasMessageContaining("GRR_NO_POLICIES: expected true or false");
    }

    @Test
    void turningPoliciesOffIsLoggedLoudlyBeforeAnythingStarts() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> RunCommand.run(new String[] {"--no-policies", "--no-default-tenant", "--settle-window", "30s"}))
                    .isInstanceOf(Arguments.UsageError.class);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("WARN").contains("POLICIES ARE OFF (--no-policies)")
                .contains("may reset ANY guest");
    }
}
