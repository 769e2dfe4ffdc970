package io.guestops.grr.cli;

/**
 * The commands only the full jar carries (they run the embedded Kubernetes or the Graph emulator).
 * The runtime jar leaves this class out with them; {@link Main} reaches it by name only, so no class
 * of the runtime jar refers to a dev tool (the package rules test checks it).
 */
public final class DevCommands {

    private DevCommands() {
    }

    /** Runs one of {@link Main#DEV_TOOL_COMMANDS}, or prints its usage for {@code --help}. */
    public static int run(String command, String[] rest, boolean help) throws Exception {
        return switch (command) {
            case "dev" -> help ? Main.printed(DevCommand.USAGE) : DevCommand.run(rest);
            case "graph-emulator" -> GraphEmulatorCommand.run(rest);
            case "benchmark" -> help ? Main.printed(BenchmarkCommand.USAGE) : BenchmarkCommand.run(rest);
            default -> throw new IllegalArgumentException("not a dev command: " + command);
        };
    }
}
