package io.guestops.grr.cli;

import io.guestops.grr.kube.OperatorSettings;

/**
 * One row of `run`'s {@link SettingsTable}: an option, the environment variable that may stand for
 * it, its default and what it does. `run --help`, the parsing and docs/configuration.md all read it.
 *
 * @param group       where `run --help` and the docs list it
 * @param flag        the option without its dashes; null when only the environment can set it (a secret)
 * @param argument    what the option takes (FILE, DURATION, ...); null for a switch
 * @param environment the environment variable, or null; for a switch it means "set to true"
 * @param byDefault   what applies when neither is given, as Markdown (`literal` values in backticks)
 * @param summary     one line for `run --help`, as Markdown
 * @param details     what only the docs add (links, examples); may be empty
 * @param reading     how the option lands in the settings; {@link Reading#ELSEWHERE} when `run` reads it
 *                    for something else (the Graph connection, the probes)
 */
record SettingRow(Group group, String flag, String argument, String environment, String byDefault, String summary,
                  String details, Reading reading) {

    /** The table's sections, in the order `run --help` and the docs show them. */
    enum Group {
        SCOPE("Cluster and scope"),
        GRAPH_CONNECTION("Graph connection"),
        SAFETY("Safety"),
        LEADER_ELECTION("Leader election"),
        TIMINGS("Timings"),
        GRAPH_LIMITS("Graph limits and capacity"),
        PROCESS("Process");

        final String title;

        Group(String title) {
            this.title = title;
        }
    }

    /** How one option (with its environment variable) is read into the settings being built. */
    @FunctionalInterface
    interface Reading {
        Reading ELSEWHERE = (self, args, settings) -> { };

        /**
         * @param self     the row being read, for its option and environment variable names
         * @param settings what the rows above have read; {@code settings.build()} shows it, for a
         *                 setting that depends on another (the Lease's name on the shard)
         */
        void read(SettingRow self, Arguments args, OperatorSettings.Builder settings);
    }

    boolean isSwitch() {
        return flag != null && argument == null;
    }

    /** The option as a user types it, with its argument: {@code --settle-window DURATION}. */
    String usage() {
        if (flag == null) {
            return null;
        }
        return "--" + flag + (argument == null ? "" : " " + argument);
    }

    /** The option's value, else its environment variable's, else the fallback. */
    String value(Arguments args, String fallback) {
        return args.value(flag, environment, fallback);
    }
}
