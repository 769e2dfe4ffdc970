package io.guestops.grr.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a fixture once for the class that registers it and stops it after that class. JUnit calls
 * an outer class's extensions again for each {@code @Nested} class: those calls find the fixture
 * running and leave it alone, so nested tests share the outer class's servers instead of starting more.
 */
abstract class ClassLevelFixture implements BeforeAllCallback, AfterAllCallback {

    private String owner;

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        if (owner == null) {
            owner = context.getUniqueId();
            start();
        }
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            owner = null;
            stop();
        }
    }

    /** Starts the servers; on a failure, what did start is still stopped after the class. */
    abstract void start() throws Exception;

    abstract void stop();
}
