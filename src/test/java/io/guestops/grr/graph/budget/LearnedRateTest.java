package io.guestops.grr.graph.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.guestops.grr.emulator.ManualClock;
import io.guestops.grr.emulator.throttle.RequestCost;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.emulator.throttle.Throttler;
import io.guestops.grr.graph.gateway.BudgetPass;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The pace learned from Graph's refusals for the tenant's or the application's budget, on an
 * injected clock: the rule alone, then a tenant budget configured at Graph's 3,000 writes against a
 * Graph (the emulator's throttling model) whose real bucket holds 300.
 */
class LearnedRateTest {

    private static final Instant START = Instant.parse("2026-12-06T03:00:00Z");
    private static final String SCOPE = "Tenant_Application/ReadWrite/app/tenant";

    private final ManualClock clock = new ManualClock(START);

    @Test
    void pacesAtTheCeilingUntilGraphRefuses() {
        LearnedRate rate = new LearnedRate(3_000);
        clock.advance(Duration.ofHours(1));
        assertThat(rate.current(clock.instant())).isEqualTo(3_000);
        assertThat(rate.isBelowCeiling(clock.instant())).isFalse();
    }

    @Test
    void aRefusalCutsToWhatGraphAdmittedThenTheRateProbesBackUpSlowly() {
        LearnedRate rate = new LearnedRate(3_000);
        rate.throttled(320, clock.instant());
        assertThat(rate.current(clock.instant())).isCloseTo(0.95 * 320, within(1e-9));

        clock.advance(Duration.ofMinutes(1));
        assertThat(rate.current(clock.instant())).isCloseTo(0.95 * 320 * 1.02, within(1e-9));
        clock.advance(Duration.ofHours(2));
        assertThat(rate.current(clock.instant())).isCloseTo(0.95 * 320 * (1 + 0.02 * 121), within(1e-9)); // linear, not doubling
        clock.advance(Duration.ofHours(10));
        assertThat(rate.current(clock.instant())).isEqualTo(3_000); // never above the ceiling
    }

    @Test
    void oneBurstOfRefusalsIsOneCutAndAnotherAfterTheCooldownCutsAgain() {
        LearnedRate rate = new LearnedRate(3_000);
        rate.throttled(400, clock.instant());
        clock.advance(Duration.ofSeconds(1));
        rate.throttled(300, clock.instant());
        assertThat(rate.current(clock.instant())).isCloseTo(380, within(0.2)); // the second refusal was inside the cooldown

        clock.advance(LearnedRate.COOLDOWN);
        double before = rate.current(clock.instant());
        rate.throttled(1_000, clock.instant()); // the cut never raises the pace: the lower of pace and observed
        assertThat(rate.current(clock.instant())).isCloseTo(0.95 * before, within(1e-9));
    }

    @Test
    void neverBelowTheFloorNorLostWithoutAMeasure() {
        LearnedRate rate = new LearnedRate(3_000);
        rate.throttled(0, clock.instant()); // nothing admitted in the period: cut from the current pace
        assertThat(rate.current(clock.instant())).isCloseTo(2_850, within(1e-9));
        for (int i = 0; i < 200; i++) {
            clock.advance(LearnedRate.COOLDOWN);
            rate.throttled(1, clock.instant());
        }
        assertThat(rate.current(clock.instant())).isEqualTo(30);
    }

    /**
     * The budget configured at 3,000 writes per 150 s, against a Graph whose real bucket holds 300
     * (2 writes/s): ten minutes of passes trying to write every 100 ms. It learns the real limit:
     * over the last eight minutes at least 0.9 of Graph's real rate, and a handful of refusals.
     */
    @Test
    void aTenantBudgetLearnsAWriteLimitBelowTheConfiguredOne() {
        TenantBudget budget = new TenantBudget(new BudgetLimits(3_000, 3_500), clock, () -> 0.0);
        Throttler graph = new Throttler(ThrottleLimits.graphDefaults().withWritesPer150s(300), clock); // the emulator's model
        int admittedLater = 0;
        int refused = 0;
        int sent = 0;
        for (int tick = 0; tick < 6_000; tick++) {
            clock.advance(Duration.ofMillis(100));
            for (int attempt = 0; attempt < 3; attempt++) {
                try (BudgetPass pass = budget.enter(true)) {
                    if (!pass.isAdmitted()) {
                        break;
                    }
                    ExchangeCost write = new ExchangeCost(1, 1);
                    budget.sent(write);
                    sent++;
                    Throttler.Decision decision = graph.admit("app", "tenant", 10, new RequestCost(1, 1));
                    boolean admitted = decision.admitted();
                    budget.answered(admitted ? new ExchangeAnswer(write, 204, null, usage(decision), null, null)
                            : new ExchangeAnswer(write, 429, Duration.ofSeconds(1), null, SCOPE, "WriteLimitExceeded"));
                    refused += admitted ? 0 : 1;
                    admittedLater += admitted && tick >= 1_200 ? 1 : 0;
                }
            }
        }
        double realRate = 2.0 * 480; // writes Graph refills in the last 480 s
        assertThat(admittedLater / realRate).isGreaterThanOrEqualTo(0.9);
        assertThat(refused / (double) sent).isLessThan(0.01);
        assertThat(budget.pacedWritesPer150s()).isBetween(250.0, 330.0);
        assertThat(budget.pacedResourceUnitsPer10s()).isEqualTo(3_500); // the write limit was named, not the units
    }

    /** {@code x-ms-throttle-limit-percentage} as the emulator sends it: tenths, from 0.8. */
    private static Double usage(Throttler.Decision decision) {
        return decision.usedFraction() >= 0.8 ? Math.floor(decision.usedFraction() * 10) / 10 : null;
    }

    /** Graph reports a bucket 80 % used that the operator's own charges fill to a few %: paced down before any 429. */
    @Test
    void aBucketFullerThanItsChargesExplainIsPacedDownBeforeAny429() {
        TenantBudget budget = new TenantBudget(new BudgetLimits(3_000, 3_500), clock, () -> 0.0);
        ExchangeCost write = new ExchangeCost(1, 1);
        for (int i = 0; i < 240; i++) {
            budget.sent(write);
            budget.answered(new ExchangeAnswer(write, 204, null, i == 239 ? 0.8 : null, null, null));
        }
        assertThat(budget.pacedWritesPer150s()).isCloseTo(0.95 * 240 / 0.8, within(1e-9));
        assertThat(budget.writesLeft()).isCloseTo(0.2 * 0.95 * 240 / 0.8, within(1e-6));
        assertThat(budget.pacedResourceUnitsPer10s()).isEqualTo(3_500);
    }

    @Test
    void aRefusalWithoutTheSharedScopeLearnsNothing() {
        TenantBudget budget = new TenantBudget(new BudgetLimits(3_000, 3_500), clock, () -> 0.0);
        ExchangeCost write = new ExchangeCost(1, 1);
        budget.sent(write);
        budget.answered(new ExchangeAnswer(write, 429, Duration.ofSeconds(1), null, null, "InjectedFault"));
        budget.answered(new ExchangeAnswer(write, 429, Duration.ofSeconds(1), null, "User/Read/x", null));
        assertThat(budget.pacedWritesPer150s()).isEqualTo(3_000);
        assertThat(budget.pacedResourceUnitsPer10s()).isEqualTo(3_500);
    }
}
