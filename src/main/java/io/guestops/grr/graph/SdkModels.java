package io.guestops.grr.graph;

import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.Invitation;
import com.microsoft.graph.models.InvitedUserMessageInfo;
import com.microsoft.graph.models.ObjectIdentity;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.User;
import com.microsoft.kiota.serialization.SerializationWriter;
import java.util.List;

/** Converts between the Graph SDK's models and the gateway's value types. */
final class SdkModels {

    private SdkModels() {}

    static GuestUser guestUser(User user) {
        List<GuestUser.Identity> identities = user.getIdentities() == null ? List.of()
                : user.getIdentities().stream().map(SdkModels::identity).toList();
        return new GuestUser(user.getId(), user.getDisplayName(), user.getUserPrincipalName(), user.getMail(),
                user.getOtherMails(), user.getUserType(), user.getCreationType(), user.getExternalUserState(),
                user.getExternalUserStateChangeDateTime(), identities);
    }

    private static GuestUser.Identity identity(ObjectIdentity identity) {
        return new GuestUser.Identity(identity.getSignInType(), identity.getIssuer(), identity.getIssuerAssignedId());
    }

    static RoleAssignment roleAssignment(UnifiedRoleAssignment assignment) {
        return new RoleAssignment(assignment.getId(), assignment.getRoleDefinitionId(), assignment.getPrincipalId(),
                assignment.getDirectoryScopeId());
    }

    /** The PATCH body: exactly the parts of the update that are set. */
    static User patchOf(EmailUpdate update) {
        return new EmailPatch(update);
    }

    /**
     * A user body that serializes only {@code mail} and {@code otherMails}, each only when set. The
     * SDK's own User adds {@code @odata.type}, which Graph tolerates but stricter servers reject,
     * and cannot leave a property out once it was set to null.
     */
    private static final class EmailPatch extends User {
        private final EmailUpdate update;

        EmailPatch(EmailUpdate update) {
            this.update = update;
        }

        @Override
        public void serialize(SerializationWriter writer) {
            if (update.mail() != null) {
                writer.writeStringValue("mail", update.mail());
            }
            if (update.otherMails() != null) {
                writer.writeCollectionOfPrimitiveValues("otherMails", update.otherMails());
            }
        }
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

    /** What the operator keeps of Graph's answer: deliberately without the inviteRedeemUrl. */
    static IssuedInvitation issued(Invitation answer) {
        String invitedUserId = answer.getInvitedUser() == null ? null : answer.getInvitedUser().getId();
        return new IssuedInvitation(answer.getId(), answer.getStatus(), invitedUserId);
    }
}
