package io.guestops.grr.cli;

import java.util.Locale;
import java.util.logging.Formatter;

/** How log lines look: text for people, JSON (one object per line) for log pipelines. */
enum LogFormat {
    TEXT,
    JSON;

    /** The option that picks it, shared by `run` and `dev`. */
    static final String OPTION = "log-format";

    static LogFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageError("option --" + OPTION + ": expected text or json, got '" + value + "'");
        }
    }

    /** The format the command's options ask for (text when none). */
    static LogFormat of(Arguments args) {
        return parse(args.value(OPTION, "text"));
    }

    Formatter formatter() {
        return this == JSON ? new JsonLogFormatter() : new TextLogFormatter();
    }
}
