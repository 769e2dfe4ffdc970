package io.guestops.grr.graph.gateway;

/**
 * What Graph answered to a reset. The response's {@code inviteRedeemUrl} is a bearer link: it is
 * kept only when the request asked for it ({@link ResetInvitation#keepRedeemLink()}), and then only
 * as a {@link RedeemLink}, which never prints it.
 *
 * @param id             the invitation's id
 * @param status         PendingAcceptance, Completed, InProgress or Error
 * @param invitedUserId  the object id Graph reset
 * @param redeemLink     the redeem link when it was asked for and Graph sent one, else null
 */
public record IssuedInvitation(String id, String status, String invitedUserId, RedeemLink redeemLink) {

    /** An answer whose redeem link was not kept. */
    public IssuedInvitation(String id, String status, String invitedUserId) {
        this(id, status, invitedUserId, null);
    }
}
