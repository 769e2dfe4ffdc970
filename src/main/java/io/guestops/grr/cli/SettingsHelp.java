package io.guestops.grr.cli;

import java.util.ArrayList;
import java.util.List;

/** `run --help`'s option list, printed from the {@link SettingsTable}: one block per group. */
final class SettingsHelp {

    private static final int NAME_COLUMN = 28;
    private static final int WIDTH = 112;

    private SettingsHelp() {
    }

    static String options(List<SettingRow> rows) {
        StringBuilder text = new StringBuilder();
        SettingRow.Group group = null;
        for (SettingRow row : rows) {
            if (row.group() != group) {
                group = row.group();
                text.append('\n').append(group.title).append(":\n");
            }
            String name = row.flag() == null ? "env " + row.environment() : row.usage();
            List<String> lines = wrapped(plain(row.summary() + hints(row)), WIDTH - NAME_COLUMN);
            String first = "  " + name;
            // A name too long for its column gets a line of its own.
            if (first.length() >= NAME_COLUMN) {
                text.append(first).append('\n');
            } else {
                text.append(first).append(" ".repeat(NAME_COLUMN - first.length())).append(lines.remove(0)).append('\n');
            }
            lines.forEach(line -> text.append(" ".repeat(NAME_COLUMN)).append(line).append('\n'));
        }
        return text.toString();
    }

    /** "(env WATCH_NAMESPACES; default all)": the environment variable and the default, where there are. */
    private static String hints(SettingRow row) {
        List<String> hints = new ArrayList<>();
        if (row.flag() != null && row.environment() != null) {
            hints.add("env " + row.environment() + (row.isSwitch() ? "=true" : ""));
        }
        if (!row.byDefault().isEmpty()) {
            hints.add("default " + row.byDefault());
        }
        return hints.isEmpty() ? "" : " (" + String.join("; ", hints) + ")";
    }

    /** The table's Markdown as a terminal shows it: no backticks, a link's text without its target. */
    static String plain(String markdown) {
        return markdown.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").replace("`", "");
    }

    private static List<String> wrapped(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
