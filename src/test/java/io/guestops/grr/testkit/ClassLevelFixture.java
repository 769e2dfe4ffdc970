package io.guestops.grr.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a fixture once for the class that registers it and closes what it started after that
 * class, last started first. JUnit calls an outer class's extensions again for each {@code @Nested}
 * class: those calls find the fixture running and leave it alone, so nested tests share the outer
 * class's servers instead of starting more.
 */
abstract class ClassLevelFixture implements BeforeAllCallback, AfterAllCallback {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String owner;

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        if (owner == null) {
            owner = context.getUniqueId();
            start();
        }
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        owner = null;
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Starts the servers, each through {@link #closedAfterClass}: what did start is closed even when a later start fails. */
    abstract void start() throws Exception;

    /** Closes {@code resource} after the class, before whatever was started before it. */
    final <T extends AutoCloseable> T closedAfterClass(T resource) {
        started.push(resource);
        return resource;
    }
}
