package io.guestops.grr.realcluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Injects faults at moments a seed decides, one at a time on one thread: every kind once first (in
 * a seeded order, so even a short run sees each), then kinds at random, each after a pause of
 * {@code minPause} to twice that. The same thread runs the work that must not overlap a fault (a
 * replica starting), offered as {@link #serialized()}.
 */
final class ChaosSchedule implements AutoCloseable {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-schedule");
        t.setDaemon(true);
        return t;
    });
    private final Random random;
    private final Duration minPause;
    private final List<ChaosFault> faults = new ArrayList<>();
    private final List<ChaosFault> firstRound = new ArrayList<>();
    private final Map<String, Integer> injected = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean stopped;

    ChaosSchedule(long seed, Duration minPause) {
        this.random = new Random(seed);
        this.minPause = minPause;
    }

    /** Adds a fault source; call before {@link #start()}. */
    ChaosSchedule with(ChaosFault fault) {
        faults.add(fault);
        return this;
    }

    void start() {
        firstRound.addAll(faults);
        Collections.shuffle(firstRound, random);
        next();
    }

    private void next() {
        if (stopped) {
            return;
        }
        long pause = minPause.toMillis() + random.nextLong(minPause.toMillis() + 1);
        thread.schedule(this::injectOne, pause, TimeUnit.MILLISECONDS);
    }

    private void injectOne() {
        if (stopped) {
            return;
        }
        ChaosFault fault = firstRound.isEmpty() ? faults.get(random.nextInt(faults.size())) : firstRound.remove(0);
        try {
            System.out.println("[scale chaos] " + java.time.Instant.now() + " injecting: " + fault.kind());
            fault.inject(random);
            synchronized (injected) {
                injected.merge(fault.kind(), 1, Integer::sum);
            }
        } catch (RuntimeException e) {
            synchronized (failures) {
                failures.add(fault.kind() + ": " + e);
            }
        }
        next();
    }

    /** Runs work on the fault thread, after the fault in progress. */
    Executor serialized() {
        return command -> {
            if (thread.isShutdown()) {
                // no fault can overlap any more: the work runs at once on a thread of its own
                new Thread(command, "chaos-after-schedule").start();
            } else {
                thread.execute(command);
            }
        };
    }

    /** Whether every kind has been injected at least once. */
    boolean everyKindInjected() {
        synchronized (injected) {
            return faults.stream().allMatch(f -> injected.containsKey(f.kind()));
        }
    }

    /** Stops injecting; returns once the fault in progress (and the work queued after it) is over. */
    void stop() {
        stopped = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("a fault did not end in 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Map<String, Integer> injected() {
        synchronized (injected) {
            return new TreeMap<>(injected);
        }
    }

    /** Faults that could not be injected (they failed the test's machinery, not the operator). */
    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
