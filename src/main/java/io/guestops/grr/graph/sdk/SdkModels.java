package io.guestops.grr.graph.sdk;

import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.IssuedInvitation;
import io.guestops.grr.graph.gateway.RedeemLink;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.graph.gateway.RoleAssignment;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.Invitation;
import com.microsoft.graph.models.InvitedUserMessageInfo;
import com.microsoft.graph.models.ObjectIdentity;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.User;
import java.util.List;

/** Converts between the Graph SDK's models and the gateway's value types. */
final class SdkModels {

    private SdkModels() {}

    static GuestUser guestUser(User user) {
        List<GuestUser.Identity> identities = user.getIdentities() == null ? List.of()
                : user.getIdentities().stream().map(SdkModels::identity).toList();
        return new GuestUser(user.getId(), user.getDisplayName(), user.getUserPrincipalName(), user.getMail(),
                user.getOtherMails(), user.getUserType(), user.getCreationType(), user.getExternalUserState(),
                user.getExternalUserStateChangeDateTime(), identities, user.getProxyAddresses());
    }

    private static GuestUser.Identity identity(ObjectIdentity identity) {
        return new GuestUser.Identity(identity.getSignInType(), identity.getIssuer(), identity.getIssuerAssignedId());
    }

    static RoleAssignment roleAssignment(UnifiedRoleAssignment assignment) {
        return new RoleAssignment(assignment.getId(), assignment.getRoleDefinitionId(), assignment.getPrincipalId(),
                assignment.getDirectoryScopeId());
    }

    /** The PATCH body: only the parts of the update that are set (the SDK serializes only what was set). */
    static User patchOf(EmailUpdate update) {
        User user = new User();
        if (update.mail() != null) {
            user.setMail(update.mail());
        }
        if (update.otherMails() != null) {
            user.setOtherMails(update.otherMails());
        }
        return user;
    }

    static Invitation invitationOf(ResetInvitation reset) {
        Invitation invitation = new Invitation();
        invitation.setInvitedUserEmailAddress(reset.email());
        invitation.setInviteRedirectUrl(reset.redirectUrl());
        invitation.setSendInvitationMessage(reset.sendInvitationMessage());
        invitation.setResetRedemption(true);
        User invitedUser = new User();
        invitedUser.setId(reset.userId());
        invitation.setInvitedUser(invitedUser);
        if (reset.messageLanguage() != null || reset.ccRecipient() != null || reset.customizedMessageBody() != null) {
            InvitedUserMessageInfo info = new InvitedUserMessageInfo();
            if (reset.messageLanguage() != null) {
                info.setMessageLanguage(reset.messageLanguage());
            }
            if (reset.customizedMessageBody() != null) {
                info.setCustomizedMessageBody(reset.customizedMessageBody());
            }
            if (reset.ccRecipient() != null) {
                EmailAddress address = new EmailAddress();
                address.setAddress(reset.ccRecipient());
                Recipient recipient = new Recipient();
                recipient.setEmailAddress(address);
                info.setCcRecipients(List.of(recipient));
            }
            invitation.setInvitedUserMessageInfo(info);
        }
        return invitation;
    }

    /**
     * What the operator keeps of Graph's answer: the inviteRedeemUrl only when {@code keepRedeemLink}
     * (then wrapped so it never prints), otherwise dropped here.
     */
    static IssuedInvitation issued(Invitation answer, boolean keepRedeemLink) {
        String invitedUserId = answer.getInvitedUser() == null ? null : answer.getInvitedUser().getId();
        String url = answer.getInviteRedeemUrl();
        RedeemLink link = keepRedeemLink && url != null && !url.isBlank() ? new RedeemLink(url) : null;
        return new IssuedInvitation(answer.getId(), answer.getStatus(), invitedUserId, link);
    }
}
