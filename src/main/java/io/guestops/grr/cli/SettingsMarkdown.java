package io.guestops.grr.cli;

import java.util.List;

/**
 * The flag table of docs/configuration.md, made from the {@link SettingsTable}: one Markdown table
 * per group. SettingsTableTest compares it with the file (and rewrites the file when asked to).
 */
final class SettingsMarkdown {

    /** The generated part of docs/configuration.md lies between these lines. */
    static final String BEGIN = "<!-- settings table: generated from cli/SettingsTable; SettingsTableTest checks it -->";
    static final String END = "<!-- end of settings table -->";

    private SettingsMarkdown() {
    }

    static String tables(List<SettingRow> rows) {
        StringBuilder text = new StringBuilder();
        SettingRow.Group group = null;
        for (SettingRow row : rows) {
            if (row.group() != group) {
                group = row.group();
                text.append(text.length() == 0 ? "" : "\n").append("### ").append(group.title).append("\n\n")
                        .append("| flag | environment | default | meaning |\n| --- | --- | --- | --- |\n");
            }
            text.append("| ").append(row.flag() == null ? "" : "`" + row.usage().replace("|", "\\|") + "`")
                    .append(" | ").append(environment(row))
                    .append(" | ").append(row.byDefault())
                    .append(" | ").append(meaning(row)).append(" |\n");
        }
        return text.toString();
    }

    private static String environment(SettingRow row) {
        if (row.environment() == null) {
            return "";
        }
        return "`" + row.environment() + (row.isSwitch() ? "=true" : "") + "`";
    }

    /** The summary as a sentence, then what only the docs add. */
    private static String meaning(SettingRow row) {
        String summary = Character.toUpperCase(row.summary().charAt(0)) + row.summary().substring(1) + ".";
        return (row.details().isEmpty() ? summary : summary + " " + row.details()).replace("|", "\\|");
    }
}
