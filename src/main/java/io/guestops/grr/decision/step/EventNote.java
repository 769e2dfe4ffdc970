package io.guestops.grr.decision.step;

/**
 * A Kubernetes Event the pass should leave on the resource: one for every Graph write, and a
 * Warning for every refused write and every move into Stalled.
 *
 * @param warning true for type Warning, false for Normal
 * @param reason  CamelCase, as Events want it
 */
public record EventNote(boolean warning, String reason, String message) {

    public static EventNote normal(String reason, String message) {
        return new EventNote(false, reason, message);
    }

    public static EventNote warning(String reason, String message) {
        return new EventNote(true, reason, message);
    }
}
