package io.guestops.grr.graph.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answer of {@link GraphBudget#enter}: admitted (close it when the pass's Graph work is done,
 * which gives back the place and a held write the pass did not send), or refused with the time to
 * wait before asking again.
 */
public final class BudgetPass implements AutoCloseable {

    private final Duration wait;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BudgetPass(Duration wait, Runnable release) {
        this.wait = wait;
        this.release = release;
    }

    public static BudgetPass admitted(Runnable release) {
        return new BudgetPass(null, release);
    }

    public static BudgetPass refused(Duration wait) {
        return new BudgetPass(wait, () -> { });
    }

    public boolean isAdmitted() {
        return wait == null;
    }

    /** How long to wait before asking again; only for a refused pass. */
    public Duration waitFor() {
        if (wait == null) {
            throw new IllegalStateException("an admitted pass does not wait");
        }
        return wait;
    }

    /** Ends the pass; closing twice gives back nothing twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
