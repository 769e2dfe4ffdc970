package io.guestops.grr.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.emulator.journal.JournalEntry;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The contract tests' one fixture: an emulator started once per class and put back to a known seed,
 * with no faults, before every test, with a plain HTTPS client (and, on the sample seed, the operator
 * application's token) and the journal entries of the running test. Register it as a static field
 * with {@code @RegisterExtension}; its emulator is up before the class's {@code @BeforeAll} methods.
 */
public final class EmulatorFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Supplier<Seed> freshSeed;
    private final boolean sampleSeed;
    private GraphEmulator emulator;
    private EmulatorHttp http;
    private String token;
    private Instant testStart = Instant.EPOCH;

    private EmulatorFixture(Supplier<Seed> freshSeed, boolean sampleSeed) {
        this.freshSeed = freshSeed;
        this.sampleSeed = sampleSeed;
    }

    /** The documented sample seed, restored before every test. */
    static EmulatorFixture withSampleSeed() {
        return new EmulatorFixture(Seed::sample, true);
    }

    /** Another seed, restored before every test (no operator token is fetched for it). */
    public static EmulatorFixture withSeed(Supplier<Seed> freshSeed) {
        return new EmulatorFixture(freshSeed, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = GraphEmulator.start(EmulatorOptions.defaults().seed(freshSeed.get()));
        http = new EmulatorHttp(emulator);
        if (sampleSeed) {
            token = http.operatorToken();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.faults().clear();
        emulator.reset(freshSeed.get());
        testStart = Instant.now();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
        }
    }

    public GraphEmulator emulator() {
        return emulator;
    }

    EmulatorHttp http() {
        return http;
    }

    /** A token of the sample seed's operator application (fetched once; tokens outlive a test class). */
    String token() {
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
