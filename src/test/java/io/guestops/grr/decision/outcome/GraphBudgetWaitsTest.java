package io.guestops.grr.decision.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a wait for the tenant's Graph budget shows in status: a long wait, once, never over Ready or Stalled. */
class GraphBudgetWaitsTest {

    private static final long GENERATION = 3;

    @ParameterizedTest(name = "{0}, wait {1} s -> may write: {2}, shown: {3}")
    @CsvSource({
            "new,                          30, true,  true",
            "new,                          1,  true,  false",
            "progressing,                  30, true,  true",
            "progressing,                  2,  true,  false",
            "already waiting for budget,   30, true,  false",
            "ready,                        30, false, false",
            "ready for an older generation,30, true,  true",
            "stalled,                      30, true,  false",
    })
    void aLongWaitShowsOnceAndNeverReplacesReadyOrStalled(String state, int waitSeconds, boolean mayWrite, boolean shown) {
        GuestRedemptionResetStatus status = status(state);
        assertThat(GraphBudgetWaits.mayWrite(status, GENERATION)).isEqualTo(mayWrite);
        var outcome = GraphBudgetWaits.waiting(Duration.ofSeconds(waitSeconds), status, GENERATION);
        assertThat(outcome.isPresent()).isEqualTo(shown);
        outcome.ifPresent(o -> {
            assertThat(o.reason()).isEqualTo(Reasons.WAITING_FOR_GRAPH_BUDGET);
            assertThat(o.requeueAfter()).isEqualTo(Duration.ofSeconds(waitSeconds));
        });
    }

    private static GuestRedemptionResetStatus status(String state) {
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        Outcome outcome = switch (state.trim()) {
            case "new" -> null;
            case "progressing" -> Outcome.of(Outcome.Phase.PROGRESSING, Reasons.UPDATING_EMAILS, "Updated.", Duration.ZERO);
            case "already waiting for budget" -> GraphBudgetWaits.waiting(Duration.ofMinutes(1), status, GENERATION).orElseThrow();
            case "ready", "ready for an older generation" -> Outcome.of(Outcome.Phase.READY, Reasons.RESET_DONE, "Done.", null);
            case "stalled" -> Outcome.of(Outcome.Phase.STALLED, Reasons.USER_NOT_FOUND, "No such user.", null);
            default -> throw new IllegalArgumentException(state);
        };
        if (outcome != null) {
            long generation = state.contains("older") ? GENERATION - 1 : GENERATION;
            NextStatus.apply(status, outcome, ResolvedGuest.UNKNOWN_GUEST, "new@example.com", "", generation, now);
        }
        return status;
    }
}
