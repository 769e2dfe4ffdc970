package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.ResetRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A policy's reset limit counts the resets recorded in the statuses of the informer of every shard.
 * JOSDK empties that cache when it stops, before the passes under way end: a pass that counted from
 * it then would find no earlier reset and go past the limit.
 */
class ResetBudgetTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final Admission.Admitted ONE_PER_HOUR = new Admission.Admitted("one-per-hour", 1);

    @Test
    void aResetEarlierInTheHourHoldsTheNextOne() {
        GuestRedemptionReset done = resetTenMinutesAgo(resource("done", "uid-done"));
        GuestRedemptionReset next = resource("next", "uid-next");

        Optional<Instant> held = new ResetBudget(Duration.ofHours(1)).reserve(ONE_PER_HOUR, next, List.of(done, next).stream(), NOW);

        assertThat(held).as("held until the earlier reset leaves the window").contains(NOW.plus(Duration.ofMinutes(50)));
    }

    @Test
    void aCacheThatNoLongerHoldsTheResourceCountsNothingRatherThanNoReset() {
        GuestRedemptionReset next = resource("next", "uid-next");
        ResetBudget budget = new ResetBudget(Duration.ofHours(1));

        Object answer = orRefusal(() -> budget.reserve(ONE_PER_HOUR, next, List.<GuestRedemptionReset>of().stream(), NOW));

        assertThat(answer).as("a stopped (emptied) cache: the reset must not be let through").isInstanceOf(CacheUnavailable.class);
    }

    private static Object orRefusal(Supplier<?> read) {
        try {
            return read.get();
        } catch (CacheUnavailable refused) {
            return refused;
        }
    }

    private static GuestRedemptionReset resource(String name, String uid) {
        GuestRedemptionReset resource = OperatorHarness.resource(name, new GuestReference(null, name + "@partner.example"),
                name + "@new.example");
        resource.getMetadata().setUid(uid);
        return resource;
    }

    private static GuestRedemptionReset resetTenMinutesAgo(GuestRedemptionReset resource) {
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        status.setAdmittedBy(ONE_PER_HOUR.policy());
        status.setReset(new ResetRecord("user-" + resource.getMetadata().getName(), resource.getSpec().getDesiredEmail(),
                "invitation", NOW.minus(Duration.ofMinutes(10)).toString(), "GraphResponse"));
        resource.setStatus(status);
        return resource;
    }
}
