package io.guestops.grr.embedded.inventory;

import io.guestops.grr.embedded.DevEnvironment;
import io.guestops.grr.emulator.GraphEmulator;
import io.guestops.grr.emulator.journal.JournalEntry;
import io.guestops.grr.graph.gateway.GraphCallListener;
import io.guestops.grr.kube.Instrumentation;
import io.guestops.grr.kube.OperatorSettings;
import io.guestops.grr.kube.ReconcileListener;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A restart of the operator in front of a large settled inventory: the resources are put in place
 * (as the operator left them), then an operator starts and is timed until it has reconciled every
 * resource once, its delta watch has finished its first round, and it has gone quiet (no pass
 * running, no Graph request, for {@link #QUIET}). What Graph
 * saw during the restart is counted from the emulator's journal.
 */
public final class InventoryRestart {

    /** How long nothing may happen for the restart to count as done. */
    static final Duration QUIET = Duration.ofSeconds(1);
    private static final String NAMESPACE = "default";

    private final DevEnvironment environment;
    private final OperatorSettings settings;
    private DevEnvironment.RunningOperator operator;

    public InventoryRestart(DevEnvironment environment, OperatorSettings settings) {
        this.environment = environment;
        this.settings = settings;
    }

    /**
     * Puts the resources in place as the operator left them, restored straight into the embedded
     * store (a create and a status write each would take far longer); {@code progress} hears how many are done.
     */
    public Duration seed(List<SettledInventory.Guest> guests, IntConsumer progress) {
        long start = System.nanoTime();
        SettledInventory inventory = new SettledInventory(settings);
        int chunk = Math.max(1, guests.size() / 10);
        for (int from = 0; from < guests.size(); from += chunk) {
            List<SettledInventory.Guest> part = guests.subList(from, Math.min(guests.size(), from + chunk));
            environment.kubernetes().restore(part.stream().map(g -> inventory.settled(g, NAMESPACE)).toList());
            progress.accept(from + part.size());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Starts an operator and waits until it has reconciled every one of {@code resources} and gone
     * quiet; {@code progress} hears a line at each tenth of the first reconciles and at each stage.
     */
    public InventoryReport restart(int resources, Duration timeout, Consumer<String> progress)
            throws InterruptedException, TimeoutException {
        GraphEmulator emulator = environment.emulator();
        int journalBefore = emulator.journal().size();
        FirstReconciles reconciles = new FirstReconciles();
        WatchHealth watch = new WatchHealth();
        long start = System.nanoTime();
        operator = environment.startOperator(settings, new Instrumentation(reconciles, GraphCallListener.NONE, watch));
        long deadline = start + timeout.toNanos();
        long tenth = Math.max(1, resources / 10);
        long shown = 0;
        while (reconciles.count() < resources) {
            if (reconciles.count() >= shown + tenth) {
                shown = reconciles.count() - reconciles.count() % tenth;
                progress.accept("    " + shown + "/" + resources + " resources reconciled once");
            }
            waitOrFail(deadline, "reconciled " + reconciles.count() + " of " + resources);
        }
        Duration toAll = Duration.ofNanos(System.nanoTime() - start);
        progress.accept(String.format(Locale.ROOT, "    all %d reconciled once in %.1f s; waiting for the delta watch's first round "
                + "and for quiet", resources, toAll.toMillis() / 1000.0));
        boolean watched = settings.driftPoll() != null && !settings.driftPoll().isZero() && !settings.driftPoll().isNegative();
        while (watched && !watch.healthy) {
            waitOrFail(deadline, "the delta watch did not finish its first round");
        }
        awaitQuiet(reconciles, emulator, deadline);
        Duration toQuiet = Duration.ofNanos(System.nanoTime() - start).minus(QUIET);
        List<JournalEntry> during = List.copyOf(emulator.journal().subList(journalBefore, emulator.journal().size()));
        return new InventoryReport(resources, toAll, toQuiet, reconciles.passes(), reconciles.failures(), reads(during),
                writes(during), heapAfterGc());
    }

    /** The operator {@link #restart} started, or null before it. */
    public DevEnvironment.RunningOperator operator() {
        return operator;
    }

    /** Whether the delta watch of the settled guests has finished its first round. */
    private static final class WatchHealth implements ReconcileListener {
        private volatile boolean healthy;

        @Override
        public void driftWatchHealthChanged(boolean nowHealthy) {
            healthy = nowHealthy;
        }
    }

    private static void awaitQuiet(FirstReconciles reconciles, GraphEmulator emulator, long deadline)
            throws InterruptedException, TimeoutException {
        long passes = -1;
        int journal = -1;
        long stillSince = System.nanoTime();
        while (true) {
            long nowPasses = reconciles.passes();
            int nowJournal = emulator.journal().size();
            if (nowPasses != passes || nowJournal != journal || reconciles.running() > 0) {
                passes = nowPasses;
                journal = nowJournal;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince >= QUIET.toNanos()) {
                return;
            }
            waitOrFail(deadline, "the restart did not go quiet");
        }
    }

    private static void waitOrFail(long deadline, String what) throws InterruptedException, TimeoutException {
        if (System.nanoTime() > deadline) {
            throw new TimeoutException(what);
        }
        Thread.sleep(20);
    }

    /** Graph requests that read, a {@code $batch} envelope not counted (its parts are). */
    static long reads(List<JournalEntry> entries) {
        return entries.stream().filter(InventoryRestart::isGraphCall).filter(e -> "GET".equals(e.method())).count();
    }

    static long writes(List<JournalEntry> entries) {
        return entries.stream().filter(InventoryRestart::isGraphCall).filter(e -> !"GET".equals(e.method())).count();
    }

    private static boolean isGraphCall(JournalEntry entry) {
        return entry.path().startsWith("/v1.0/") && !entry.path().equals("/v1.0/$batch");
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
