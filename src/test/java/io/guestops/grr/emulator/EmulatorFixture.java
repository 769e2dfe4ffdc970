package io.guestops.grr.emulator;

import io.guestops.grr.emulator.directory.Seed;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The contract tests' one fixture: an emulator started once per class and put back to a known seed
 * before every test, with a plain HTTPS client and the operator application's token. Register it as
 * a static field with {@code @RegisterExtension}.
 */
final class EmulatorFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Supplier<EmulatorOptions> options;
    private final Supplier<Seed> freshSeed;
    private GraphEmulator emulator;
    private EmulatorHttp http;
    private String token;

    private EmulatorFixture(Supplier<EmulatorOptions> options, Supplier<Seed> freshSeed) {
        this.options = options;
        this.freshSeed = freshSeed;
    }

    /** The documented sample seed, restored before every test. */
    static EmulatorFixture withSampleSeed() {
        return new EmulatorFixture(EmulatorOptions::defaults, Seed::sample);
    }

    /** A seed of the test's own, restored before every test. */
    static EmulatorFixture withSeed(Supplier<Seed> freshSeed) {
        return new EmulatorFixture(() -> EmulatorOptions.defaults().seed(freshSeed.get()), freshSeed);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = GraphEmulator.start(options.get());
        http = new EmulatorHttp(emulator);
        token = http.operatorToken();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset(freshSeed.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
        }
    }

    GraphEmulator emulator() {
        return emulator;
    }

    EmulatorHttp http() {
        return http;
    }

    /** A token of the sample seed's operator application (fetched once; tokens outlive a test class). */
    String token() {
        return token;
    }
}
