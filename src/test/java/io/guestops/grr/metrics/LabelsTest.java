package io.guestops.grr.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A status is anyone's to write (with the rights): whatever a reason says, only a CamelCase word
 * becomes a label, so a hand-written address or token never reaches /metrics.
 */
class LabelsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NotAGuest                            | NotAGuest
            RedemptionReset                      | RedemptionReset
            PolicyDenied                         | PolicyDenied
            alex@fabrikam.com                    | Other
            Reset to alex@fabrikam.com           | Other
            eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0 | Other
            6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01 | Other
            ''                                   | Other
            """)
    void onlyACamelCaseReasonBecomesALabel(String reason, String label) {
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        status.setConditions(List.of(new ConditionBuilder().withType("Stalled").withStatus("True").withReason(reason).build()));
        assertThat(ResourceGauges.decidingCondition(status)).contains(new ResourceGauges.Deciding("Stalled", label));
    }

    @ParameterizedTest(name = "Stalled={0}, Reconciling={1}, Ready={2} -> {3}")
    @CsvSource(textBlock = """
            True,  False, False, Stalled
            False, True,  False, Reconciling
            False, False, True,  Ready
            True,  True,  True,  Stalled
            False, True,  True,  Reconciling
            False, False, False, none
            """)
    void theDecidingConditionIsTheOneKstatusReads(String stalled, String reconciling, String ready, String deciding) {
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        status.setConditions(List.of(
                new ConditionBuilder().withType("Ready").withStatus(ready).withReason("R").build(),
                new ConditionBuilder().withType("Reconciling").withStatus(reconciling).withReason("R").build(),
                new ConditionBuilder().withType("Stalled").withStatus(stalled).withReason("R").build()));
        Optional<ResourceGauges.Deciding> expected = deciding.equals("none") ? Optional.empty()
                : Optional.of(new ResourceGauges.Deciding(deciding, "R"));
        assertThat(ResourceGauges.decidingCondition(status)).isEqualTo(expected);
    }
}
