package io.guestops.grr.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The health port: /healthz answers while the process serves, /readyz while the operator's
 * informers are healthy (a standby replica under leader election is alive and ready to take over),
 * and /metrics the operator's metrics in Prometheus text format, on every replica.
 */
public final class ProbeServer implements AutoCloseable {

    /** Prometheus' text exposition format. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    /** @param metrics the metrics in Prometheus text format, read at each scrape */
    public static ProbeServer start(int port, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> answer(exchange, true));
        server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
        server.createContext("/metrics", exchange -> send(exchange, 200, METRICS_CONTENT_TYPE, metrics.get()));
        server.start();
        return new ProbeServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, boolean ok) throws IOException {
        send(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
