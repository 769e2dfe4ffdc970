package io.guestops.grr.graph.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.budget.BudgetLimits;
import io.guestops.grr.graph.budget.TenantBudgets;
import io.guestops.grr.graph.gateway.BudgetPass;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.graph.gateway.GuestReads;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The budget reads Graph's real answers through the real SDK: a part of a {@code $batch} that the
 * tenant's bucket refused (a 429 inside a 200 envelope) pauses the whole tenant for its Retry-After,
 * and counts as a 429 on its own route in the call metrics.
 */
class BudgetMeterContractTest {

    private static final String ALEX = "6c1b2a1e-1d2f-4c3b-9a8e-2b0f5e6d7c01";

    /** Two resource units per 10 s: the batch's third read is refused by the tenant's bucket. */
    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(Seeds::examples)
            .options(options -> options.throttling(ThrottleLimits.graphDefaults().withResourceUnitsPer10s(2)))
            .keepingStateAcrossTests();

    private static SdkGraphGateway gateway;
    private static final List<String> EXCHANGES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        GraphCallListener listener = new GraphCallListener() {
            @Override
            public void exchanged(String route, String method, String outcome) {
                EXCHANGES.add(method + " " + route + " " + outcome);
            }

            @Override
            public void askedToWait(Duration wait) {
            }
        };
        gateway = GraphGateways.create(GRAPH.connection(), listener,
                new TenantBudgets(new BudgetLimits(3_000, 3_500), Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aThrottledPartOfABatchPausesTheTenantAndCountsAsA429() {
        GuestReads reads = gateway.readGuest(ALEX, true, List.of("someone@example.com"));

        assertThat(reads.user().isSuccess()).isTrue();
        assertThat(reads.holders().isSuccess()).as("the third read found the bucket empty").isFalse();
        assertThat(EXCHANGES).contains("POST /$batch 2xx", "GET /users/{id} 2xx", "GET /users 429");
        BudgetPass next = gateway.budget().enter(false);
        assertThat(next.isAdmitted()).as("the whole tenant waits for Graph's Retry-After").isFalse();
        assertThat(next.waitFor()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
