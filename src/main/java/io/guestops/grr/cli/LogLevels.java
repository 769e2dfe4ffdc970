package io.guestops.grr.cli;

import java.util.logging.Level;

/** java.util.logging's levels under the names slf4j (and the code that logs) uses. */
final class LogLevels {

    private LogLevels() {
    }

    static String name(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
}
