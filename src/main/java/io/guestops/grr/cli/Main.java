package io.guestops.grr.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Set;

/**
 * One jar: run (production), dev (embedded default), graph-emulator, and the GitOps commands
 * (validate, plan, import, status). The
 * runtime jar (guest-redemption-operator-runtime.jar) carries only `run`: this class reaches the
 * dev commands only when they are asked for, and says so when they are not in the jar.
 */
public final class Main {

    static final String USAGE = """
            guest-redemption-operator: resets the invitation redemption of Microsoft Entra ID guests, declaratively.

            Usage: java -jar guest-redemption-operator.jar COMMAND [options]
              dev             embedded Kubernetes + Graph emulator + the operator, applies examples/, prints a table
              run             the production operator (kubeconfig or in-cluster)
              graph-emulator  the Graph emulator alone, for curl or another client
              validate        check resource files offline (schema, CEL rules, spec), with file and line
              plan            what the operator would do with resource files, read-only against Graph
              import          a CSV of guests and their new addresses to one resource file each
              status          every resource of a cluster: conditions, reason, reset time (--watch)
              benchmark       a serial reset loop and the operator on N guests against the emulator, as a table
            'COMMAND --help' lists a command's options.
            """;

    private Main() {
    }

    /** A class only the full jar has (the runtime jar leaves out the embedded Kubernetes and the emulator). */
    static final String DEV_TOOLS_MARKER = "io.guestops.grr.embedded.DevEnvironment";
    /** The commands {@link #DEV_COMMANDS} runs: they start the embedded Kubernetes or the Graph emulator. */
    static final Set<String> DEV_TOOL_COMMANDS = Set.of("dev", "graph-emulator", "benchmark");
    /** Reached by name: no class of the runtime jar may refer to the dev tools it leaves out. */
    private static final String DEV_COMMANDS = "io.guestops.grr.cli.DevCommands";

    public static void main(String[] args) {
        LogSetup.configure(LogFormat.TEXT);
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean help = Arrays.asList(rest).contains("--help");
        if (isDevCommand(command) && !devToolsPresent()) {
            System.err.println("error: '" + command + "' is not in the runtime image; use the full jar (guest-redemption-operator.jar)");
            return 2;
        }
        try {
            if (DEV_TOOL_COMMANDS.contains(command)) {
                return devCommand(command, rest, help);
            }
            switch (command) {
                case "run":
                    return help ? printed(RunCommand.USAGE) : RunCommand.run(rest);
                case "validate":
                    return help ? printed(ValidateCommand.USAGE) : ValidateCommand.run(rest);
                case "plan":
                    return help ? printed(PlanCommand.USAGE) : PlanCommand.run(rest);
                case "import":
                    return help ? printed(ImportCommand.USAGE) : ImportCommand.run(rest);
                case "status":
                    return help ? printed(StatusCommand.USAGE) : StatusCommand.run(rest);
                default:
                    System.err.println("error: unknown command '" + command + "'\n");
                    System.err.print(USAGE);
                    return 2;
            }
        } catch (Arguments.UsageError e) {
            System.err.println("error: " + e.getMessage() + " (see '" + command + " --help')");
            return 2;
        } catch (ClusterCheck.ClusterUnavailable e) {
            System.err.println("error: " + e.getMessage());
            return ClusterCheck.EXIT_CLUSTER_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Commands that need the full jar: the embedded parts, or (validate) the API server's schema checks. */
    private static boolean isDevCommand(String command) {
        return Set.of("dev", "graph-emulator", "validate", "plan", "import", "status", "benchmark").contains(command);
    }

    /** Runs a command of {@link #DEV_TOOL_COMMANDS}; the full jar has it (checked before). */
    private static int devCommand(String command, String[] rest, boolean help) throws Exception {
        try {
            return (int) Class.forName(DEV_COMMANDS).getMethod("run", String.class, String[].class, boolean.class)
                    .invoke(null, command, rest, help);
        } catch (InvocationTargetException e) {
            // the command's own failure, handled as any command's
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    static boolean devToolsPresent() {
        try {
            Class.forName(DEV_TOOLS_MARKER, false, Main.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static int printed(String usage) {
        System.out.print(usage);
        return 0;
    }
}
