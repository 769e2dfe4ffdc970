package io.guestops.grr.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value}, {@code --name=value} and bare flags.
 * Every mistake is a {@link UsageError} that names the option, never a stack trace.
 */
final class Arguments {

    /** A command-line mistake; its message is shown to the user as is. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    private Arguments() {
    }

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     */
    static Arguments parse(String[] args, Set<String> valued, Set<String> flags) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageError("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageError("--" + name + " takes no value");
                }
                parsed.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageError("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                parsed.values.put(name, value);
            } else {
                throw new UsageError("unknown option --" + name);
            }
        }
        return parsed;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The option's value, else the environment variable's (when named), else the default. */
    String value(String name, String environmentVariable, String defaultValue) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        if (environmentVariable != null) {
            String fromEnvironment = System.getenv(environmentVariable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment;
            }
        }
        return defaultValue;
    }

    String value(String name, String defaultValue) {
        return value(name, null, defaultValue);
    }

    int intValue(String name, int defaultValue, int min, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(raw.trim());
            if (parsed < min || parsed > max) {
                throw new UsageError("--" + name + " must be between " + min + " and " + max + ", got " + raw);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageError("--" + name + " must be a whole number, got '" + raw + "'");
        }
    }

    /** Durations as {@code 90s}, {@code 5m}, {@code 1h}, {@code 250ms} or ISO-8601 ({@code PT2M}). */
    Duration duration(String name, Duration defaultValue) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        String text = raw.trim().toLowerCase();
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.parse(raw.trim().toUpperCase());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UsageError("--" + name + " must be a duration such as 90s, 5m or 1h, got '" + raw + "'");
        }
    }
}
