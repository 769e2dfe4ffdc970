package io.guestops.grr.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Application;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.graph.GraphGateways;
import io.guestops.grr.graph.gateway.GraphConnection;
import io.guestops.grr.graph.sdk.SdkGraphGateway;
import io.guestops.grr.testkit.EmulatorFixture;
import io.guestops.grr.testkit.Seeds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, point 6: a connection whose credentials Entra refuses made the delta watch log a WARN
 * and two ERROR lines at every poll, naming no Secret. It reports once per change of state: one
 * line naming the connection and the cause when it starts failing, one INFO line when it works again.
 */
class DriftWatchLogTest {

    private static final String WRONG_SECRET = "not-the-secret-the-app-has";
    private static final String CONNECTION = "Secret team-a/tenant-b";

    /** Every logger of the process: the SDKs' lines count as much as the watch's own. */
    private static final Logger ROOT = Logger.getLogger("");

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Put back to the seed before every test: the one where the app has the right secret only. */
    private static final Seed SEED = Seeds.examplesPlus("/e2e/extra-users.yaml");

    @RegisterExtension
    static final EmulatorFixture GRAPH = EmulatorFixture.withSeed(() -> SEED);

    private GraphEmulator emulator;
    private SdkGraphGateway graph;
    private Runnable nextPoll;
    private DriftWatch watch;

    @BeforeEach
    void start() {
        emulator = GRAPH.emulator();
        GraphConnection right = GRAPH.connection();
        GraphConnection wrong = GraphConnection.builder().graphEndpoint(right.graphEndpoint()).authorityHost(right.authorityHost())
                .tenantId(right.tenantId()).clientId(right.clientId()).clientSecret(WRONG_SECRET)
                .trustCertificate(emulator.trustedCertificate()).build();
        graph = GraphGateways.create(wrong);
        watch = new DriftWatch(graph, CONNECTION, Duration.ofMillis(1), new DriftWatch.Resources(id -> Set.of(), id -> { }),
                (poll, delay) -> nextPoll = poll, Clock.systemUTC(), new ReconcileListener() { });
        capture.setLevel(Level.INFO);
        ROOT.addHandler(capture);
        watch.start();
    }

    @AfterEach
    void stop() {
        ROOT.removeHandler(capture);
        graph.close();
    }

    @Test
    void aRefusedCredentialIsReportedOnceNamingTheSecretAndItsRecoveryOnce() {
        for (int i = 0; i < 4; i++) {
            poll();
        }
        List<LogRecord> failing = List.copyOf(logged);
        assertThat(failing).as("one line for four failed polls: %s", messages(failing)).hasSize(1);
        assertThat(failing.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(failing.get(0).getLoggerName()).isEqualTo(DriftWatch.class.getName());
        assertThat(message(failing.get(0))).contains(CONNECTION, "AADSTS");

        logged.clear();
        emulator.reset(withSecret(WRONG_SECRET)); // an admin adds the secret the Secret holds: the credential works
        poll();
        poll();
        assertThat(logged).as("one line when it works again: %s", messages(logged)).hasSize(1);
        assertThat(logged.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(message(logged.get(0))).contains(CONNECTION, "works again");
    }

    private Seed withSecret(String secret) {
        List<Application> apps = new ArrayList<>();
        for (Application app : SEED.applications()) {
            List<String> secrets = new ArrayList<>(app.secrets());
            secrets.add(secret);
            apps.add(new Application(app.clientId(), app.tenantId(), app.displayName(), secrets, app.certificates(),
                    app.federatedCredentials(), app.applicationPermissions()));
        }
        return new Seed(SEED.tenants(), apps, SEED.users(), SEED.roleAssignments(), SEED.groups());
    }

    private void poll() {
        Runnable poll = nextPoll;
        nextPoll = null;
        poll.run();
    }

    /** slf4j-jdk14 hands java.util.logging the formatted message. */
    private static String message(LogRecord record) {
        return record.getMessage();
    }

    private static List<String> messages(List<LogRecord> records) {
        return records.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()).toList();
    }
}
