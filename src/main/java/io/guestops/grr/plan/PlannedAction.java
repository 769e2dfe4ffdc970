package io.guestops.grr.plan;

/**
 * What the operator would do with one resource next, and why.
 *
 * @param resource  namespace/name
 * @param kind      the kind of action
 * @param reason    the reason the operator would record (e.g. {@code NotAGuest}), or null
 * @param message   the explanation, in the operator's words
 * @param userId    the guest it resolves to, or null
 * @param emails    the address PATCH, or null for none
 * @param resetTo   the address a reset would be issued to, or null for none
 */
public record PlannedAction(String resource, Kind kind, String reason, String message, String userId, EmailDiff emails,
                            String resetTo) {

    public enum Kind {
        /** Entra ID already matches; the operator writes nothing. */
        NOTHING,
        /** The operator would write to Graph: the address PATCH and/or a reset. */
        CHANGE,
        /** The operator would refuse and end Stalled with {@link #reason}; nothing written. */
        REFUSED,
        /** The plan could not be made (Graph or the cluster did not answer, or something is missing). */
        ERROR
    }

    public boolean changesEmails() {
        return emails != null;
    }

    public boolean resets() {
        return resetTo != null;
    }
}
