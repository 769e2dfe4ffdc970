package io.guestops.grr.cli;

import io.guestops.grr.emulator.EmulatorOptions;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.directory.SeedException;
import io.guestops.grr.emulator.directory.Tenant;
import io.guestops.grr.emulator.fault.FaultKind;
import io.guestops.grr.emulator.fault.FaultRule;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code graph-emulator}: runs the Graph emulator standalone until killed.
 * Exit codes: 0 after --help, 1 when the emulator cannot start (bad seed, port in use),
 * 2 for an unknown or invalid option.
 */
public final class GraphEmulatorCommand {
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: graph-emulator [options]",
            "  --port N                  HTTPS port on 127.0.0.1 (default 0 = a free port)",
            "  --seed FILE               seed YAML (default: the bundled sample seed)",
            "  --cert-out FILE           where to write the server certificate PEM (default: <tmp>/graph-emulator-<port>.pem)",
            "  --latency-ms N            add N ms of latency to every request",
            "  --fault ROUTE:METHOD:KIND[:N|:RATE]",
            "                            inject a fault; KIND = 429 | 503 | 504 | drop | latency=MS;",
            "                            N = only the next N matching requests, RATE = probability in (0,1];",
            "                            ROUTE uses * for one path segment and ** for any, e.g. /v1.0/invitations:POST:drop:1",
            "  --ru-per-10s N            resource units per 10 s per app and tenant (default by tenant size: 3500/5000/8000)",
            "  --writes-per-150s N       writes per 150 s per app and tenant (default 3000)",
            "  --random-seed N           seed of the Random behind probabilistic faults (default 42)",
            "  --replication-lag-ms N    for N ms after a mail/otherMails PATCH, resets still see the old addresses (default 0)",
            "  --help                    show this help",
            "Admin paths under /_emulator/ need no token: test use only.");

    private GraphEmulatorCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, true);
    }

    static int run(String[] args, PrintStream out, PrintStream err, boolean serveUntilKilled) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("graph-emulator: " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (options.help) {
            out.println(USAGE);
            return 0;
        }
        GraphEmulator emulator;
        try {
            emulator = start(options, out);
        } catch (SeedException | UncheckedIOException e) {
            err.println("graph-emulator: " + e.getMessage());
            return 1;
        }
        if (!serveUntilKilled) {
            emulator.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "graph-emulator-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static GraphEmulator start(Options options, PrintStream out) {
        Seed seed = options.seed == null ? Seed.sample() : Seed.load(options.seed);
        ThrottleLimits limits = ThrottleLimits.graphDefaults();
        if (options.ruPer10s != null) {
            limits = limits.withResourceUnitsPer10s(options.ruPer10s);
        }
        if (options.writesPer150s != null) {
            limits = limits.withWritesPer150s(options.writesPer150s);
        }
        EmulatorOptions emulatorOptions = EmulatorOptions.defaults().port(options.port).seed(seed).throttling(limits);
        if (options.randomSeed != null) {
            emulatorOptions.randomSeed(options.randomSeed);
        }
        if (options.replicationLagMs != null) {
            emulatorOptions.replicationLag(java.time.Duration.ofMillis(options.replicationLagMs));
        }
        if (options.latencyMs != null) {
            emulatorOptions.fault(FaultRule.latency("**", "*", options.latencyMs));
        }
        options.faults.forEach(emulatorOptions::fault);
        GraphEmulator emulator = GraphEmulator.start(emulatorOptions);
        Path certificate = options.certOut != null ? options.certOut
                : Path.of(System.getProperty("java.io.tmpdir"), "graph-emulator-" + emulator.port() + ".pem");
        emulator.writeCertificatePem(certificate);
        out.println("Graph base URL:  " + emulator.graphEndpoint() + "/v1.0");
        out.println("Authority host:  " + emulator.authorityHost());
        for (Tenant tenant : seed.tenants()) {
            out.println("Token URL:       " + emulator.authorityHost() + "/" + tenant.id() + "/oauth2/v2.0/token");
        }
        out.println("Certificate:     " + certificate.toAbsolutePath());
        out.println("Admin (no token, test-only): " + emulator.graphEndpoint() + "/_emulator/");
        out.flush();
        return emulator;
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** The parsed command line; hand-written on purpose (no CLI library for a dozen options). */
    static final class Options {
        boolean help;
        int port;
        Path seed;
        Path certOut;
        Long latencyMs;
        Integer ruPer10s;
        Integer writesPer150s;
        Long randomSeed;
        Long replicationLagMs;
        final List<FaultRule> faults = new ArrayList<>();

        static Options parse(String[] args) throws UsageException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (name.equals("--help") || name.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (!List.of("--port", "--seed", "--cert-out", "--latency-ms", "--fault", "--ru-per-10s",
                        "--writes-per-150s", "--random-seed", "--replication-lag-ms").contains(name)) {
                    throw new UsageException("unknown option '" + arg + "'");
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--port" -> o.port = intValue(name, value, 0, 65535);
                    case "--seed" -> {
                        o.seed = Path.of(value);
                        if (!Files.isReadable(o.seed)) {
                            throw new UsageException("option --seed: cannot read file '" + value + "'");
                        }
                    }
                    case "--cert-out" -> o.certOut = Path.of(value);
                    case "--latency-ms" -> o.latencyMs = (long) intValue(name, value, 0, 600_000);
                    case "--fault" -> o.faults.add(fault(value));
                    case "--ru-per-10s" -> o.ruPer10s = intValue(name, value, 1, Integer.MAX_VALUE);
                    case "--writes-per-150s" -> o.writesPer150s = intValue(name, value, 1, Integer.MAX_VALUE);
                    case "--replication-lag-ms" -> o.replicationLagMs = (long) intValue(name, value, 0, 600_000);
                    case "--random-seed" -> o.randomSeed = (long) intValue(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    default -> throw new UsageException("unknown option '" + arg + "'");
                }
            }
            return o;
        }

        private static int intValue(String name, String value, int min, int max) throws UsageException {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("option " + name + ": expected a whole number between " + min + " and " + max + ", got '" + value + "'");
        }

        /** ROUTE:METHOD:KIND[:N|:RATE]; KIND may be latency=MS. */
        static FaultRule fault(String spec) throws UsageException {
            String[] parts = spec.split(":");
            if (parts.length < 3 || parts.length > 4) {
                throw new UsageException("option --fault: expected ROUTE:METHOD:KIND[:N|:RATE], got '" + spec + "'");
            }
            try {
                String kindText = parts[2];
                Long latency = null;
                if (kindText.toLowerCase(java.util.Locale.ROOT).startsWith("latency=")) {
                    latency = Long.parseLong(kindText.substring("latency=".length()));
                    kindText = "latency";
                }
                FaultKind kind = FaultKind.parse(kindText);
                if (kind == FaultKind.LATENCY && latency == null) {
                    throw new UsageException("option --fault: a latency fault is written latency=MS, got '" + spec + "'");
                }
                Integer count = null;
                Double rate = null;
                if (parts.length == 4) {
                    if (parts[3].contains(".")) {
                        rate = Double.parseDouble(parts[3]);
                    } else {
                        count = Integer.parseInt(parts[3]);
                    }
                }
                Integer retryAfter = kind == FaultKind.THROTTLE ? 1 : null;
                return new FaultRule(parts[0], parts[1], kind, count, rate, retryAfter, latency);
            } catch (IllegalArgumentException e) {
                throw new UsageException("option --fault: " + e.getMessage() + " in '" + spec + "'");
            }
        }
    }
}
