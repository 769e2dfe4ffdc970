package io.guestops.grr.graph;

/**
 * What Graph answered to a reset. The response's {@code inviteRedeemUrl} is a bearer link and is
 * deliberately not kept.
 *
 * @param id             the invitation's id
 * @param status         PendingAcceptance, Completed, InProgress or Error
 * @param invitedUserId  the object id Graph reset
 */
public record IssuedInvitation(String id, String status, String invitedUserId) {}
