package io.guestops.grr.cli;

import java.util.Arrays;

/** One jar, three subcommands: run (production), dev (embedded default), graph-emulator. */
public final class Main {

    static final String USAGE = """
            guest-redemption-operator: resets the invitation redemption of Microsoft Entra ID guests, declaratively.

            Usage: java -jar guest-redemption-operator.jar COMMAND [options]
              dev             embedded Kubernetes + Graph emulator + the operator, applies examples/, prints a table
              run             the production operator (kubeconfig or in-cluster)
              graph-emulator  the Graph emulator alone, for curl or another client
            'COMMAND --help' lists a command's options.
            """;

    private Main() {
    }

    public static void main(String[] args) {
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
        try {
            switch (command) {
                case "run":
                    return help ? printed(RunCommand.USAGE) : RunCommand.run(rest);
                case "dev":
                    return help ? printed(DevCommand.USAGE) : DevCommand.run(rest);
                case "graph-emulator":
                    return GraphEmulatorCommand.run(rest);
                default:
                    System.err.println("error: unknown command '" + command + "'\n");
                    System.err.print(USAGE);
                    return 2;
            }
        } catch (Arguments.UsageError e) {
            System.err.println("error: " + e.getMessage() + " (see '" + command + " --help')");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int printed(String usage) {
        System.out.print(usage);
        return 0;
    }
}
