package io.guestops.grr.embedded.registry;

import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A mock watch whose events reach the client late, each by a random delay up to a bound, in order.
 * A real API server serves every watch as a stream of its own, so two watches of one resource see
 * an event at different moments, in no order between them; the mock sends each event to every
 * watch at once, in the order the watches were opened, which hides races between two informers.
 */
final class LaggingWatch extends WatchDecorator {

    private final long maxLagNanos;
    /** One thread, tasks in the order given: each waits until its event is due, so the order holds. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "lagging-watch");
        thread.setDaemon(true);
        return thread;
    });
    LaggingWatch(WebSocketListener mockWatch, Duration maxLag) {
        super(mockWatch);
        this.maxLagNanos = maxLag.toNanos();
    }

    @Override
    WebSocket wrap(WebSocket clientSocket) {
        return new Lagged(clientSocket);
    }

    @Override
    void ended() {
        stopSending();
    }

    /** The events already given are still sent. */
    private synchronized void stopSending() {
        sender.shutdown();
    }

    private synchronized void later(Runnable send) {
        if (sender.isShutdown()) {
            return;
        }
        long due = System.nanoTime() + ThreadLocalRandom.current().nextLong(maxLagNanos + 1);
        sender.execute(() -> {
            LockSupport.parkNanos(due - System.nanoTime());
            send.run();
        });
    }

    private final class Lagged extends WrappedSocket {

        Lagged(WebSocket clientSocket) {
            super(clientSocket);
        }

        @Override
        public boolean send(String text) {
            later(() -> clientSocket.send(text));
            return true;
        }

        @Override
        public boolean close(int code, String reason) {
            later(() -> clientSocket.close(code, reason));
            return true;
        }
    }
}
