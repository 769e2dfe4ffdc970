package io.guestops.grr.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> operands = new ArrayList<>();

    private Arguments() {
    }

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     */
    static Arguments parse(String[] args, Set<String> valued, Set<String> flags) {
        return parse(args, valued, flags, false);
    }

    /**
     * @param takesOperands whether arguments that are not options (files, directories) are allowed;
     *                      they are kept in order, see {@link #operands()}
     */
    static Arguments parse(String[] args, Set<String> valued, Set<String> flags, boolean takesOperands) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (!takesOperands) {
                    throw new UsageError("unexpected argument '" + arg + "'");
                }
                parsed.operands.add(arg);
                continue;
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
                    throw new UsageError("option --" + name + " takes no value");
                }
                parsed.values.computeIfAbsent(name, n -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageError("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                parsed.values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else {
                throw new UsageError("unknown option '--" + name + "'");
            }
        }
        return parsed;
    }

    /** The arguments that are not options, in order. */
    List<String> operands() {
        return List.copyOf(operands);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** Every value given for a repeatable option, in order. */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The option's (last) value, else the environment variable's (when named), else the default. */
    String value(String name, String environmentVariable, String defaultValue) {
        if (values.containsKey(name)) {
            return last(name);
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

    private String last(String name) {
        List<String> given = values.get(name);
        return given.get(given.size() - 1);
    }

    int intValue(String name, int defaultValue, int min, int max) {
        String raw = values.containsKey(name) ? last(name) : null;
        if (raw == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(raw.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageError("option --" + name + ": expected a whole number between " + min + " and " + max + ", got '" + raw + "'");
    }

    /** Durations as {@code 90s}, {@code 5m}, {@code 1h}, {@code 250ms} or ISO-8601 ({@code PT2M}). */
    Duration duration(String name, Duration defaultValue) {
        String raw = values.containsKey(name) ? last(name) : null;
        if (raw == null) {
            return defaultValue;
        }
        String text = raw.trim().toLowerCase();
        try {
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase());
            }
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
            throw new NumberFormatException(text);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UsageError("option --" + name + ": expected a duration such as 90s, 5m or 1h, got '" + raw + "'");
        }
    }
}
