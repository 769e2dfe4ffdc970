package io.guestops.grr.kube;

import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.policy.ResetLimit;
import io.guestops.grr.model.GuestRedemptionReset;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The blast-radius limit of each policy, held under concurrency. A reset counts from the moment a
 * pass reserves it here (under one lock, before its intent is written), and afterwards through the
 * resource's status in the informer cache (the intent, then the record, each naming the policy in
 * status.admittedBy), so passes running at once, and a restarted operator, all count the same resets.
 */
final class ResetBudget {

    private final Duration window;
    private final Map<String, Map<String, Instant>> reservations = new HashMap<>();

    ResetBudget(Duration window) {
        this.window = window;
    }

    /**
     * Reserves the reset {@code resource}'s spec asks for (its desiredEmail and resetRequest) under the
     * policy that admitted it.
     *
     * @param cached every resource of every shard (an operator with a shard selector counts the resets of the others too)
     * @return empty when the reset may go now; otherwise when it may
     * @throws CacheUnavailable when {@code cached} does not hold {@code resource}: JOSDK empties the
     *                          cache when it stops, before the passes under way end, and an emptied
     *                          cache would count no earlier reset at all
     */
    synchronized Optional<Instant> reserve(Admission.Admitted admitted, GuestRedemptionReset resource,
                                           Stream<GuestRedemptionReset> cached, Instant now) {
        List<GuestRedemptionReset> every = cached.toList();
        ResourceID self = ResourceID.fromResource(resource);
        if (every.stream().noneMatch(r -> self.equals(ResourceID.fromResource(r)))) {
            throw new CacheUnavailable("the informer of every shard no longer holds " + self
                    + " (stopping, or deleted): the resets under the limit cannot be counted");
        }
        Map<String, Instant> reserved = reservations.computeIfAbsent(admitted.policy(), p -> new HashMap<>());
        reserved.values().removeIf(at -> !at.isAfter(now.minus(window)));
        List<ResetLimit.Counted> counted = new ArrayList<>();
        reserved.forEach((key, at) -> counted.add(new ResetLimit.Counted(key, at)));
        every.stream().filter(r -> r.getStatus() != null && Objects.equals(r.getStatus().getAdmittedBy(), admitted.policy()))
                .forEach(r -> countStatus(r, counted));
        String key = key(resource, resource.getSpec().getDesiredEmail(), resource.getSpec().resetRequestName());
        Optional<Instant> heldUntil = ResetLimit.heldUntil(admitted.maxResetsPerHour(), window, counted, key, now);
        if (heldUntil.isEmpty()) {
            reserved.putIfAbsent(key, now);
        }
        return heldUntil;
    }

    Duration window() {
        return window;
    }

    private static void countStatus(GuestRedemptionReset resource, List<ResetLimit.Counted> counted) {
        GuestRedemptionResetStatus status = resource.getStatus();
        if (status.getReset() != null && status.getReset().getIssuedAt() != null) {
            counted.add(new ResetLimit.Counted(key(resource, status.getReset().getEmail(), status.getReset().requestName()),
                    Instant.parse(status.getReset().getIssuedAt())));
        }
        if (status.getPendingReset() != null && status.getPendingReset().getAttemptedAt() != null) {
            counted.add(new ResetLimit.Counted(key(resource, status.getPendingReset().getEmail(),
                    status.getPendingReset().requestName()), Instant.parse(status.getPendingReset().getAttemptedAt())));
        }
    }

    /**
     * One reset: this resource (by uid, so a re-created one counts anew) to this email for this request
     * (spec.resetRequest: a new request to the same email is one more reset, and counts as one).
     */
    private static String key(GuestRedemptionReset resource, String email, String request) {
        return resource.getMetadata().getUid() + "|" + (email == null ? "" : email.trim().toLowerCase(Locale.ROOT)) + "|"
                + (request == null ? "" : request);
    }
}
