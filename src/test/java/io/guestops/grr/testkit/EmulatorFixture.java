package io.guestops.grr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.EmulatorOptions;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.emulator.throttle.ThrottleLimits;
import io.guestops.grr.graph.gateway.GraphConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Graph emulator started once per class: seeded, with the options the test names (a clock,
 * throttling limits, replication lag), and by default put back to its seed, with no faults and
 * the throttling limits it started with, before every test. It offers a plain HTTPS client, the sample operator application's token and the
 * journal entries of the running test. Register it as a static field with {@code @RegisterExtension};
 * its emulator is up before the class's {@code @BeforeAll} methods.
 */
public final class EmulatorFixture extends ClassLevelFixture implements BeforeEachCallback {

    private final Supplier<Seed> freshSeed;
    private final UnaryOperator<EmulatorOptions> options;
    private final boolean resetBeforeEach;
    private final boolean sampleSeed;
    private Seed seed;
    private GraphEmulator emulator;
    private ThrottleLimits startingLimits;
    private EmulatorHttp http;
    private String token;
    private Instant testStart = Instant.EPOCH;

    private EmulatorFixture(Supplier<Seed> freshSeed, UnaryOperator<EmulatorOptions> options, boolean resetBeforeEach,
                            boolean sampleSeed) {
        this.sampleSeed = sampleSeed;
        this.freshSeed = freshSeed;
        this.options = options;
        this.resetBeforeEach = resetBeforeEach;
    }

    /** The documented sample seed, restored before every test. */
    public static EmulatorFixture withSampleSeed() {
        return new EmulatorFixture(Seed::sample, UnaryOperator.identity(), true, true);
    }

    /** Another seed, restored before every test. */
    public static EmulatorFixture withSeed(Supplier<Seed> freshSeed) {
        return new EmulatorFixture(freshSeed, UnaryOperator.identity(), true, false);
    }

    /** The same fixture, the emulator started with these options on top of the seed (a clock, limits, lag). */
    public EmulatorFixture options(UnaryOperator<EmulatorOptions> more) {
        return new EmulatorFixture(freshSeed, more, resetBeforeEach, sampleSeed);
    }

    /**
     * The same fixture without the reset before each test: for classes whose tests build on what
     * the class's {@code @BeforeAll} did, or read the directory as the earlier tests left it.
     */
    public EmulatorFixture keepingStateAcrossTests() {
        return new EmulatorFixture(freshSeed, options, false, sampleSeed);
    }

    /**
     * An emulator of the test's own beside the class's, for a test that needs two at once or two
     * alike (a token of another emulator, the same random seed twice): the sample seed and these
     * options. The test closes it.
     */
    public static GraphEmulator standalone(UnaryOperator<EmulatorOptions> options) {
        return GraphEmulator.start(options.apply(EmulatorOptions.defaults()));
    }

    @Override
    void start() {
        seed = freshSeed.get();
        emulator = closedAfterClass(GraphEmulator.start(options.apply(EmulatorOptions.defaults().seed(seed))));
        startingLimits = emulator.throttling().limits();
        http = new EmulatorHttp(emulator);
        if (sampleSeed) {
            // Before any test, so that no test's journal or faults meet the fixture's own token request.
            token = http.operatorToken();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetBeforeEach) {
            emulator.faults().clear();
            emulator.throttling().reset(startingLimits);
            emulator.reset(freshSeed.get());
        }
        testStart = Instant.now();
    }

    public GraphEmulator emulator() {
        return emulator;
    }

    /** The operator's connection: the seed's first application with a secret, trusting the emulator's certificate. */
    public GraphConnection connection() {
        return DevEnvironment.emulatorConnection(emulator, seed);
    }

    /**
     * A connection as one of the seed's applications, for global Graph's token scope, with short SDK
     * retries (one, when the wait is at most 2 s) so that retried paths stay fast; the test adds the credential.
     */
    public GraphConnection.Builder connectionAs(String tenantId, String clientId) {
        return GraphConnection.builder()
                .graphEndpoint(emulator.graphEndpoint()).authorityHost(emulator.authorityHost())
                .tokenScope("https://graph.microsoft.com/.default").tenantId(tenantId).clientId(clientId)
                .trustCertificate(emulator.trustedCertificate())
                .sdkRetries(new GraphConnection.SdkRetries(1, Duration.ofSeconds(2)));
    }

    /**
     * The same as one of the {@link ContractApp}s added to the seed, in the seed's first tenant, with
     * its secret if it signs in with one.
     */
    public GraphConnection.Builder connectionAs(ContractApp app) {
        GraphConnection.Builder connection = connectionAs(seed.tenants().get(0).id(), app.clientId());
        return app.signsInWithSecret() ? connection.clientSecret(ContractApp.SECRET) : connection;
    }

    public EmulatorHttp http() {
        return http;
    }

    /** A token of the sample seed's operator application (on the sample seed fetched before the tests, on another at the first call). */
    public synchronized String token() {
        if (token == null) {
            token = http.operatorToken();
        }
        return token;
    }

    /** The running test's requests of this method whose path (with its query) starts so. */
    public List<JournalEntry> requests(String method, String pathPrefix) {
        return requestsSince(emulator, testStart, method, pathPrefix);
    }

    public JournalEntry only(String method, String pathPrefix) {
        List<JournalEntry> entries = requests(method, pathPrefix);
        assertThat(entries).as("%s %s in the journal %s", method, pathPrefix, emulator.journal()).hasSize(1);
        return entries.get(0);
    }

    /**
     * Entries received before {@code since} belong to earlier tests: the emulator may journal a
     * request after its response went out, so a late entry can survive a reset.
     */
    public static List<JournalEntry> requestsSince(GraphEmulator emulator, Instant since, String method, String pathPrefix) {
        return emulator.journal().stream()
                .filter(e -> !e.time().isBefore(since) && e.method().equals(method) && e.path().startsWith(pathPrefix))
                .toList();
    }
}
