package io.guestops.grr.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes each record as one formatted entry to standard error. Unlike java.util.logging's
 * ConsoleHandler it looks System.err up for every record, so whoever swaps System.err (a test
 * capturing the log) sees the lines.
 */
final class StandardErrorHandler extends Handler {

    StandardErrorHandler(Formatter formatter) {
        setFormatter(formatter);
        setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String entry = getFormatter().format(record);
        PrintStream err = System.err;
        synchronized (this) {
            err.print(entry);
            err.flush();
        }
    }

    @Override
    public void flush() {
        System.err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
