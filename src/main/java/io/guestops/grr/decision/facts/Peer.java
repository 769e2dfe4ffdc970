package io.guestops.grr.decision.facts;

import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;

/** Another GuestRedemptionReset the operator serves, as its cache shows it: a candidate owner of the same guest. */
public record Peer(ResourceRef ref, GuestRedemptionResetSpec spec, GuestRedemptionResetStatus status) {}
