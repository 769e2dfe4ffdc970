package io.guestops.grr.model;

/** What happens to the user's {@code mail} property. */
public enum MailPolicy {
    /** Set {@code mail} to the desired email (Microsoft's recommendation for a reset). */
    SetToDesiredEmail,
    /** Leave {@code mail} unchanged; the desired email goes into {@code otherMails} only. */
    Keep
}
