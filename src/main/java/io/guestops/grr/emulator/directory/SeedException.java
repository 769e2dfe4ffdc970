package io.guestops.grr.emulator.directory;

/** A seed that cannot be used; the message names the line and the field and is meant for people. */
public final class SeedException extends RuntimeException {
    public SeedException(String message) {
        super(message, null, false, false);
    }
}
