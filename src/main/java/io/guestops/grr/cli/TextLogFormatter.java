package io.guestops.grr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One line per record for people: time, level, thread, logger, message; then the stack trace, if any. */
final class TextLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(record.getInstant()).append(' ')
                .append(String.format("%-5s", LogLevels.name(record.getLevel())))
                .append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(record.getLoggerName()).append(" - ")
                .append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }
}
