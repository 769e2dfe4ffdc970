package io.guestops.grr.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.guestops.grr.kube.OperatorSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
        OperatorSettings tight = OperatorSettings.defaults().withTimings(Duration.ofSeconds(31), Duration.ofSeconds(5), Duration.ofMinutes(5));
        assertThatCode(() -> RunCommand.requireSettleWindowLongerThanARequest(tight, null)).doesNotThrowAnyException();
    }
}
