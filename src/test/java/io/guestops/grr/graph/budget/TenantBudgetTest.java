package io.guestops.grr.graph.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.guestops.grr.emulator.ManualClock;
import io.guestops.grr.graph.gateway.BudgetPass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client-side budget on an injected clock: pacing, Graph's headers, 429 pauses, refunds, adaptive concurrency. */
class TenantBudgetTest {

    private static final ExchangeCost WRITE = new ExchangeCost(1, 1);
    private static final ExchangeCost READ = new ExchangeCost(1, 0);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T10:00:00Z"));

    private TenantBudget budget(int writesPer150s, int ruPer10s) {
        return new TenantBudget(new BudgetLimits(writesPer150s, ruPer10s), clock, () -> 0.0);
    }

    /** One pass that may write: enters, writes, leaves. Returns false when refused. */
    private static boolean writePass(TenantBudget budget) {
        try (BudgetPass pass = budget.enter(true)) {
            if (!pass.isAdmitted()) {
                return false;
            }
            budget.sent(WRITE);
            budget.answered(answer(WRITE, 204));
            return true;
        }
    }

    private static ExchangeAnswer answer(ExchangeCost cost, int status) {
        return new ExchangeAnswer(cost, status, null, null, null, null);
    }

    @Test
    void theBurstIsSpentThenWritesArePacedToTheRefillRate() {
        TenantBudget budget = budget(150, 3_500); // one write a second once the burst is spent
        int burst = 0;
        while (writePass(budget)) {
            burst++;
        }
        assertThat(burst).isEqualTo(150);

        int admitted = 0;
        for (int tick = 0; tick < 600; tick++) { // 60 s in steps of 100 ms, trying many passes each step
            clock.advance(Duration.ofMillis(100));
            for (int attempt = 0; attempt < 5; attempt++) {
                admitted += writePass(budget) ? 1 : 0;
            }
        }
        assertThat(admitted).isBetween(59, 60);
    }

    @Test
    void aRefusedWriterIsToldToComeBackWhenItsWriteHasRefilledAndLaterOnesAreSpacedOut() {
        TenantBudget budget = budget(150, 3_500);
        for (int i = 0; i < 150; i++) {
            assertThat(writePass(budget)).isTrue();
        }
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waits.add(budget.enter(true).waitFor());
        }
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(1));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(2));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(3));
    }

    @Test
    void aPassThatEndsWithoutWritingGivesItsHeldWriteBackAndOneThatWroteIsChargedOnce() {
        TenantBudget budget = budget(10, 3_500);
        try (BudgetPass readOnly = budget.enter(true)) {
            assertThat(readOnly.isAdmitted()).isTrue();
            budget.sent(READ);
            budget.answered(answer(READ, 200));
        }
        assertThat(budget.writesLeft()).isEqualTo(10.0);

        assertThat(writePass(budget)).isTrue();
        assertThat(budget.writesLeft()).isEqualTo(9.0);
    }

    @Test
    void writesHeldByPassesInGraphAreNotPromisedTwice() {
        TenantBudget budget = budget(2, 3_500);
        BudgetPass first = budget.enter(true);
        BudgetPass second = budget.enter(true);
        BudgetPass third = budget.enter(true);
        assertThat(first.isAdmitted()).isTrue();
        assertThat(second.isAdmitted()).isTrue();
        assertThat(third.isAdmitted()).isFalse();
        assertThat(budget.enter(false).isAdmitted()).as("a pass that cannot write needs no write").isTrue();
        first.close();
        first.close();
        assertThat(budget.enter(true).isAdmitted()).isTrue();
        assertThat(budget.enter(true).isAdmitted()).as("closing twice gives back one write only").isFalse();
    }

    @ParameterizedTest(name = "{0} + 1 of {1} writes used by us, Graph says {2} -> {3} left")
    @CsvSource({
            // Another client shares the bucket: Graph's count wins.
            "0,   1000, 0.8, 200",
            "0,   1000, 0.9, 100",
            // ... and when the operator's own writes are a sample worth 5 % of the pace, the bucket is learned
            // smaller (LearnedRate): paced to 0.95 * 101 / 0.9, of which 10 % is left.
            "100, 1000, 0.9, 10.661111",
            // The operator alone spent the burst: Graph's tenths round down, so the mirror keeps its own count.
            "850, 1000, 0.8, 149",
            "950, 1000, 0.9, 49",
    })
    void graphsLimitPercentageCapsTheMirrorWithoutUndercuttingTheOperatorsOwnCount(int used, int capacity, double percentage,
                                                                                  double expectedLeft) {
        TenantBudget budget = budget(capacity, 1_000_000);
        for (int i = 0; i < used; i++) {
            budget.sent(WRITE);
        }
        budget.sent(WRITE);
        budget.answered(new ExchangeAnswer(WRITE, 204, null, percentage, null, null));
        assertThat(budget.writesLeft()).isCloseTo(expectedLeft, within(1e-6));
    }

    @Test
    void aPercentageOnAReadCapsTheResourceUnitsNotTheWrites() {
        TenantBudget budget = budget(1_000, 1_000);
        budget.sent(READ);
        budget.answered(new ExchangeAnswer(READ, 200, null, 0.9, null, null));
        assertThat(budget.resourceUnitsLeft()).isCloseTo(100.0, within(1e-6));
        assertThat(budget.writesLeft()).isEqualTo(1_000.0);
    }

    @ParameterizedTest(name = "429 {0} (Retry-After {1} s) -> tenant paused: {2}, writes left: {3}")
    @CsvSource({
            "WriteLimitExceeded,        7, true,  0",
            "ResourceUnitLimitExceeded, 3, true,  100",
            // A 429 that does not name the tenant's bucket (no x-ms-throttle-scope) pauses only the request itself.
            "'',                        5, false, 100",
    })
    void a429FromTheTenantsBucketPausesTheWholeTenantUntilRetryAfterAndEmptiesThatBucket(String information, int retryAfter,
                                                                                        boolean paused, double writesLeft) {
        TenantBudget budget = budget(100, 1_000);
        String scope = information.isEmpty() ? null : "Tenant_Application/ReadWrite/app/tenant";
        budget.sent(WRITE);
        budget.answered(new ExchangeAnswer(WRITE, 429, Duration.ofSeconds(retryAfter), null, scope,
                information.isEmpty() ? "InjectedFault" : information));

        assertThat(budget.writesLeft()).isEqualTo(writesLeft);
        BudgetPass read = budget.enter(false);
        assertThat(read.isAdmitted()).isEqualTo(!paused);
        if (paused) {
            assertThat(read.waitFor()).isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfter));
            clock.advance(Duration.ofSeconds(retryAfter));
            assertThat(budget.enter(false).isAdmitted()).isTrue();
        }
    }

    @Test
    void a429PartOfABatchIsGivenBackAsGraphDidNotChargeIt() {
        TenantBudget budget = budget(100, 1_000);
        budget.sent(READ);
        budget.answered(new ExchangeAnswer(READ, 429, Duration.ofSeconds(1), null, null, "InjectedFault"));
        assertThat(budget.resourceUnitsLeft()).isEqualTo(1_000.0);
    }

    @Test
    void concurrencyGrowsWhileAnswersComeBackAndIsCutOncePerBurstOfPushBack() {
        TenantBudget budget = budget(100_000, 1_000_000);
        assertThat(budget.concurrencyLimit()).isEqualTo(AdaptiveConcurrency.INITIAL);
        for (int i = 0; i < 200; i++) {
            budget.answered(answer(READ, 200));
        }
        int grown = budget.concurrencyLimit();
        assertThat(grown).isBetween(24, 27);

        budget.answered(answer(READ, 503));
        budget.answered(answer(READ, 429));
        int cut = budget.concurrencyLimit();
        assertThat(cut).as("one burst, one cut").isBetween((int) (grown * AdaptiveConcurrency.CUT),
                (int) ((grown + 1) * AdaptiveConcurrency.CUT));
        clock.advance(AdaptiveConcurrency.COOLDOWN);
        budget.answered(answer(READ, 429));
        assertThat(budget.concurrencyLimit()).isLessThan(cut);
        for (int i = 0; i < 20; i++) {
            clock.advance(AdaptiveConcurrency.COOLDOWN);
            budget.answered(answer(READ, 503));
        }
        assertThat(budget.concurrencyLimit()).as("never below the floor").isEqualTo(AdaptiveConcurrency.MIN);
    }

    @ParameterizedTest(name = "limit {0}: pass {1} admitted: {2}")
    @CsvSource({"16, 16, true", "16, 17, false"})
    void passesBeyondTheConcurrencyLimitWaitOutside(int limit, int pass, boolean admitted) {
        TenantBudget budget = budget(100_000, 1_000_000);
        assertThat(budget.concurrencyLimit()).isEqualTo(limit);
        for (int i = 1; i < pass; i++) {
            assertThat(budget.enter(false).isAdmitted()).isTrue();
        }
        BudgetPass last = budget.enter(false);
        assertThat(last.isAdmitted()).isEqualTo(admitted);
        assertThat(budget.inGraph()).isEqualTo(admitted ? pass : pass - 1);
    }

    @Test
    void aRefusedPassIsToldToWaitWithJitterSoWaitersDoNotStampede() {
        TenantBudget steady = new TenantBudget(new BudgetLimits(1, 3_500), clock, () -> 0.0);
        TenantBudget jittered = new TenantBudget(new BudgetLimits(1, 3_500), clock, () -> 1.0);
        writePass(steady);
        writePass(jittered);
        Duration base = steady.enter(true).waitFor();
        assertThat(jittered.enter(true).waitFor()).isGreaterThan(base.multipliedBy(11).dividedBy(10));
    }
}
