package io.guestops.grr.emulator.directory;

import java.time.Instant;

/**
 * An invitation the emulator issued. The redeem ticket is deliberately not kept here: this record
 * is what tests and the state dump see.
 */
public record InvitationRecord(String id, String tenantId, String invitedUserId, String invitedUserEmailAddress,
                               boolean resetRedemption, boolean sendInvitationMessage, boolean memberConverted,
                               boolean newUserCreated, Instant issuedAt) {
}
