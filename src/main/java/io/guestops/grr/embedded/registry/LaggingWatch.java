package io.guestops.grr.embedded.registry;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.nio.charset.StandardCharsets;
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
final class LaggingWatch extends WebSocketListener {

    private final WebSocketListener mockWatch;
    private final long maxLagNanos;
    /** One thread, tasks in the order given: each waits until its event is due, so the order holds. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "lagging-watch");
        thread.setDaemon(true);
        return thread;
    });
    private WebSocket socket;

    LaggingWatch(WebSocketListener mockWatch, Duration maxLag) {
        this.mockWatch = mockWatch;
        this.maxLagNanos = maxLag.toNanos();
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        mockWatch.onBeforeAccept(lagged(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        mockWatch.onOpen(lagged(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        mockWatch.onMessage(lagged(webSocket), text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        mockWatch.onClosing(lagged(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        mockWatch.onClosed(lagged(webSocket), code, reason);
        stopSending();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        mockWatch.onFailure(lagged(webSocket), error, response);
        stopSending();
    }

    private synchronized WebSocket lagged(WebSocket webSocket) {
        if (socket == null) {
            socket = new Lagged(webSocket);
        }
        return socket;
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

    private final class Lagged implements WebSocket {
        private final WebSocket mockSocket;

        Lagged(WebSocket mockSocket) {
            this.mockSocket = mockSocket;
        }

        @Override
        public RecordedRequest request() {
            return mockSocket.request();
        }

        @Override
        public boolean send(String text) {
            later(() -> mockSocket.send(text));
            return true;
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            later(() -> mockSocket.close(code, reason));
            return true;
        }
    }
}
