package io.guestops.grr.emulator.directory;

import java.time.Instant;

/**
 * An invitation the emulator issued. The redeem link is deliberately not kept here (see
 * {@link Directory#redeemUrlOf}): this record is what the state dump shows.
 */
public record InvitationRecord(String id, String tenantId, String invitedUserId, String invitedUserEmailAddress,
                               boolean resetRedemption, boolean sendInvitationMessage, boolean memberConverted,
                               boolean newUserCreated, Instant issuedAt) {
}
