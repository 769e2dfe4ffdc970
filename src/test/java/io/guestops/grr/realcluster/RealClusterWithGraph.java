package io.guestops.grr.realcluster;

import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.directory.Seed;
import io.guestops.grr.testkit.EmulatorFixture;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RealKubernetes} and an {@link EmulatorFixture} for a test class, as one extension, with
 * what every test of the class starts from (an operator installed by manifests/, a leader and its
 * standby) set up before each test and taken down after it by the subclass. Register the subclass as
 * a static field with {@code @RegisterExtension}; the server and the emulator are up before the
 * class's {@code @BeforeAll} methods.
 */
abstract class RealClusterWithGraph implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final RealKubernetes kube = RealKubernetes.server();
    private final EmulatorFixture graph;

    /**
     * @param seed            the emulator's seed
     * @param resetBeforeEach each test starts from the seed again (else from what the earlier tests left)
     */
    RealClusterWithGraph(Supplier<Seed> seed, boolean resetBeforeEach) {
        EmulatorFixture seeded = EmulatorFixture.withSeed(seed);
        this.graph = resetBeforeEach ? seeded : seeded.keepingStateAcrossTests();
    }

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        kube.beforeAll(context);
        graph.beforeAll(context);
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        try {
            graph.afterAll(context);
        } finally {
            kube.afterAll(context);
        }
    }

    @Override
    public final void beforeEach(ExtensionContext context) throws Exception {
        graph.beforeEach(context);
        setUpTest();
    }

    @Override
    public final void afterEach(ExtensionContext context) throws Exception {
        tearDownTest();
    }

    /** Sets up what every test of the class starts from; the emulator is already back to its seed, if it is reset. */
    abstract void setUpTest() throws Exception;

    /** Takes down what {@link #setUpTest()} or the test asked of this fixture set up. */
    abstract void tearDownTest() throws Exception;

    RealKubernetes kube() {
        return kube;
    }

    GraphEmulator emulator() {
        return graph.emulator();
    }
}
