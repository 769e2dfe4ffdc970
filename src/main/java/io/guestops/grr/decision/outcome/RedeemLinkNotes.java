package io.guestops.grr.decision.outcome;

import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.model.ResetRecord;

/**
 * What status and Events say about a reset's redeem link: where it is, or that none exists and
 * what the guest and the administrator can do instead. The link itself is never part of a note.
 */
final class RedeemLinkNotes {

    /**
     * Honest alternatives when the operator holds no link: it never sends a second reset for the
     * same email, and the link of a lost answer cannot be read back from Graph.
     */
    static final String WITHOUT_A_LINK = "The guest can still redeem through the invitation email if one was sent "
            + "(spec.invitation.sendInvitationMessage), or through a direct link to an app or My Apps that names this tenant "
            + "(just-in-time redemption, for example https://myapps.microsoft.com/?tenantid=<tenant id>); or an administrator "
            + "can resend the invitation (Entra admin center: the user's B2B invitation, Resend invitation), which issues a new "
            + "link. The operator does not reset again for the same email.";

    private RedeemLinkNotes() {
    }

    /** The sentence the RedemptionReset condition adds for this reset; empty when no link was asked for. */
    static String about(ResetRecord reset) {
        if (reset.getRedeemLinkSecret() == null) {
            return "";
        }
        if (Boolean.TRUE.equals(reset.getRedeemLinkStored())) {
            return " " + storedIn(reset.getRedeemLinkSecret());
        }
        if (ConfirmedBy.USER_STATE.equals(reset.getConfirmedBy())) {
            return " " + answerLost();
        }
        return " The redeem link could not be written to Secret " + reset.getRedeemLinkSecret()
                + " and is not kept anywhere else. " + WITHOUT_A_LINK;
    }

    static String storedIn(String secretName) {
        return "The redeem link is in Secret " + secretName + " (key inviteRedeemUrl).";
    }

    static String answerLost() {
        return "No redeem link exists for this reset: Graph's answer, the only place the link appears, was lost, and the "
                + "reset was confirmed from the user's state. " + WITHOUT_A_LINK;
    }

    static String notStored(String secretName, String problem) {
        return "The redeem link could not be written to Secret " + secretName + " (" + problem
                + ") and is not kept anywhere else. " + WITHOUT_A_LINK;
    }
}
