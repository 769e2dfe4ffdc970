package io.guestops.grr.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Kubernetes probes: /healthz answers while the process serves, /readyz while the operator's
 * informers are healthy. A standby replica under leader election is alive and ready to take over.
 */
public final class ProbeServer implements AutoCloseable {

    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    public static ProbeServer start(int port, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> answer(exchange, true));
        server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
        server.start();
        return new ProbeServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, boolean ok) throws IOException {
        byte[] body = (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
