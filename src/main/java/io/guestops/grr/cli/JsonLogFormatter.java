package io.guestops.grr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line for log pipelines: time, level, logger, thread, message, and for a
 * failure the exception's class and message (no stack trace: a line stays one event).
 */
final class JsonLogFormatter extends Formatter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("time", record.getInstant().toString());
        entry.put("level", LogLevels.name(record.getLevel()));
        entry.put("logger", record.getLoggerName());
        // Handlers format on the logging thread, so this is the thread that logged.
        entry.put("thread", Thread.currentThread().getName());
        entry.put("message", formatMessage(record));
        if (record.getThrown() != null) {
            entry.put("exception", record.getThrown().getClass().getName());
            entry.put("exceptionMessage", record.getThrown().getMessage());
        }
        try {
            return JSON.writeValueAsString(entry) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
