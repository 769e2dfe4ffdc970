package io.guestops.grr.graph.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.throttle.RequestCost;
import io.guestops.grr.emulator.wire.ApiRequest;
import io.guestops.grr.graph.budget.ExchangeCost;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator's cost table ({@link ExchangeCost}, what its budget charges) and the emulator's
 * ({@link RequestCost}, what the emulator's throttling charges) are two copies of one documented
 * table: https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits.
 * Every request the gateway sends, and the documented modifiers, cost the same in both.
 */
class CostTablesAgreeTest {

    @ParameterizedTest(name = "{0} {1}?{2} costs {3} RU and {4} writes")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET   | /users                            | %24filter=mail%20eq%20%27a%40b.c%27                 | 2 | 0",
            "GET   | /users                            | %24filter=mail%20eq%20%27a%40b.c%27&%24select=id    | 1 | 0",
            "GET   | /users/abc                        | -                                                   | 1 | 0",
            "GET   | /users/abc                        | %24select=id,mail                                   | 1 | 0",
            "GET   | /users/delta()                    | %24select=id                                        | 1 | 0",
            "GET   | /users/delta                      | -                                                   | 2 | 0",
            "GET   | /users                            | %24top=5                                            | 1 | 0",
            "GET   | /users                            | %24top=20                                           | 2 | 0",
            "POST  | /users/abc/checkMemberGroups      | -                                                   | 4 | 0",
            "POST  | /users/a%40b.c/checkMemberGroups  | -                                                   | 4 | 0",
            "POST  | /invitations                      | -                                                   | 1 | 1",
            "PATCH | /users/abc                        | -                                                   | 1 | 1",
            "GET   | /domains                          | %24select=id,isVerified                             | 1 | 0",
            "GET   | /roleManagement/directory/roleAssignments | %24filter=principalId%20eq%20%27x%27&%24select=id | 1 | 0",
            "GET   | /users/abc                        | %24expand=manager                                   | 2 | 0"})
    void theOperatorAndTheEmulatorChargeTheSame(String method, String path, String query, int units, int writes) {
        ExchangeCost operator = ExchangeCost.of(method, path, query);
        Map<String, String> decoded = ApiRequest.decodeForm(query);
        RequestCost emulator = RequestCost.of(method, "/v1.0" + path, decoded);

        assertThat(operator).isEqualTo(new ExchangeCost(units, writes));
        assertThat(new ExchangeCost(emulator.resourceUnits(), emulator.writes())).isEqualTo(operator);
    }
}
