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
import java.util.Set;
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
            "  --read-replica-lag-ms N   for N ms after a mail/otherMails PATCH, reads of the user still show the old addresses (default 0)",
            "  --delta-token-lifetime-s N  a users/delta link expires N s after it was issued: 410 syncStateNotFound (default 604800, 7 days)",
            "  --help                    show this help",
            "Admin paths under /_emulator/ need no token: test use only.");

    private GraphEmulatorCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, true);
    }

    static int run(String[] args, PrintStream out, PrintStream err, boolean serveUntilKilled) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Arguments.UsageError e) {
            err.println("graph-emulator: " + e.getMessage() + " (see --help)");
            return 2;
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
        Seed seed = options.seed() == null ? Seed.sample() : Seed.load(options.seed());
        ThrottleLimits limits = ThrottleLimits.graphDefaults();
        if (options.ruPer10s() != null) {
            limits = limits.withResourceUnitsPer10s(options.ruPer10s());
        }
        if (options.writesPer150s() != null) {
            limits = limits.withWritesPer150s(options.writesPer150s());
        }
        EmulatorOptions emulatorOptions = EmulatorOptions.defaults().port(options.port()).seed(seed).throttling(limits);
        if (options.randomSeed() != null) {
            emulatorOptions.randomSeed(options.randomSeed());
        }
        if (options.replicationLagMs() != null) {
            emulatorOptions.replicationLag(java.time.Duration.ofMillis(options.replicationLagMs()));
        }
        if (options.readReplicaLagMs() != null) {
            emulatorOptions.readReplicaLag(java.time.Duration.ofMillis(options.readReplicaLagMs()));
        }
        if (options.deltaTokenLifetimeS() != null) {
            emulatorOptions.deltaTokenLifetime(java.time.Duration.ofSeconds(options.deltaTokenLifetimeS()));
        }
        if (options.latencyMs() != null) {
            emulatorOptions.fault(FaultRule.latency("**", "*", options.latencyMs()));
        }
        options.faults().forEach(emulatorOptions::fault);
        GraphEmulator emulator = GraphEmulator.start(emulatorOptions);
        Path certificate = options.certOut() != null ? options.certOut()
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

    /** The parsed command line. */
    record Options(int port, Path seed, Path certOut, Long latencyMs, Integer ruPer10s, Integer writesPer150s,
                   Long randomSeed, Long replicationLagMs, Long readReplicaLagMs, Long deltaTokenLifetimeS,
                   List<FaultRule> faults) {

        private static final Set<String> VALUED = Set.of("port", "seed", "cert-out", "latency-ms", "fault", "ru-per-10s",
                "writes-per-150s", "random-seed", "replication-lag-ms", "read-replica-lag-ms", "delta-token-lifetime-s");

        static Options parse(String[] argv) {
            Arguments args = Arguments.parse(argv, VALUED, Set.of());
            String seed = args.value("seed", null);
            if (seed != null && !Files.isReadable(Path.of(seed))) {
                throw new Arguments.UsageError("option --seed: cannot read file '" + seed + "'");
            }
            List<FaultRule> faults = new ArrayList<>();
            for (String fault : args.values("fault")) {
                faults.add(fault(fault));
            }
            return new Options(args.intValue("port", 0, 0, 65535), seed == null ? null : Path.of(seed),
                    args.value("cert-out", null) == null ? null : Path.of(args.value("cert-out", null)),
                    optionalLong(args, "latency-ms", 0, 600_000), optionalInt(args, "ru-per-10s"),
                    optionalInt(args, "writes-per-150s"), optionalLong(args, "random-seed", Integer.MIN_VALUE, Integer.MAX_VALUE),
                    optionalLong(args, "replication-lag-ms", 0, 600_000), optionalLong(args, "read-replica-lag-ms", 0, 600_000),
                    optionalLong(args, "delta-token-lifetime-s", 1, Integer.MAX_VALUE), faults);
        }

        private static Integer optionalInt(Arguments args, String name) {
            return args.value(name, null) == null ? null : args.intValue(name, 0, 1, Integer.MAX_VALUE);
        }

        private static Long optionalLong(Arguments args, String name, int min, int max) {
            return args.value(name, null) == null ? null : (long) args.intValue(name, 0, min, max);
        }

        /** ROUTE:METHOD:KIND[:N|:RATE]; KIND may be latency=MS. */
        static FaultRule fault(String spec) {
            String[] parts = spec.split(":");
            if (parts.length < 3 || parts.length > 4) {
                throw new Arguments.UsageError("option --fault: expected ROUTE:METHOD:KIND[:N|:RATE], got '" + spec + "'");
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
                    throw new Arguments.UsageError("option --fault: a latency fault is written latency=MS, got '" + spec + "'");
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
            } catch (Arguments.UsageError e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new Arguments.UsageError("option --fault: " + e.getMessage() + " in '" + spec + "'");
            }
        }
    }
}
