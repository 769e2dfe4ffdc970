package io.guestops.grr.embedded.registry;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;

/**
 * A mock watch whose socket is wrapped, so that what the mock sends the client can be changed on
 * its way (narrowed to a selector, delayed): every callback goes on to the mock's own listener with
 * the one wrapped socket of this watch.
 */
abstract class WatchDecorator extends WebSocketListener {

    private final WebSocketListener mockWatch;
    private WebSocket socket;

    WatchDecorator(WebSocketListener mockWatch) {
        this.mockWatch = mockWatch;
    }

    /** The socket the mock writes to, around the client's. */
    abstract WebSocket wrap(WebSocket clientSocket);

    /** The watch ended (closed or failed); nothing by default. */
    void ended() {
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        mockWatch.onBeforeAccept(wrapped(webSocket), response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        mockWatch.onOpen(wrapped(webSocket), response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        mockWatch.onMessage(wrapped(webSocket), text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        mockWatch.onClosing(wrapped(webSocket), code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        mockWatch.onClosed(wrapped(webSocket), code, reason);
        ended();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        mockWatch.onFailure(wrapped(webSocket), error, response);
        ended();
    }

    private synchronized WebSocket wrapped(WebSocket webSocket) {
        if (socket == null) {
            socket = wrap(webSocket);
        }
        return socket;
    }

    /** A socket around the client's: the request is the client's, bytes are sent as text. */
    abstract static class WrappedSocket implements WebSocket {
        final WebSocket clientSocket;

        WrappedSocket(WebSocket clientSocket) {
            this.clientSocket = clientSocket;
        }

        @Override
        public RecordedRequest request() {
            return clientSocket.request();
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
