package io.guestops.grr.decision.outcome;

/**
 * What became of a reset's redeem link: not asked for, stored in the Secret the spec names, or not
 * stored (and why). Never holds the link itself.
 *
 * @param secretName the Secret the spec names; null when no link was asked for
 * @param stored     whether the link is in that Secret
 * @param problem    why it could not be stored (an HTTP status, a Secret the resource does not own), else null
 */
public record RedeemLinkStorage(String secretName, boolean stored, String problem) {

    public static final RedeemLinkStorage NOT_ASKED = new RedeemLinkStorage(null, false, null);

    public static RedeemLinkStorage stored(String secretName) {
        return new RedeemLinkStorage(secretName, true, null);
    }

    public static RedeemLinkStorage failed(String secretName, String problem) {
        return new RedeemLinkStorage(secretName, false, problem);
    }

    public boolean asked() {
        return secretName != null;
    }
}
