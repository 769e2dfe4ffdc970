package io.guestops.grr.emulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.guestops.grr.emulator.wire.ApiRequest;
import io.guestops.grr.emulator.wire.ApiResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDK HTTPS server bound to the loopback interface, translating exchanges to {@link ApiRequest}s. */
public final class HttpsFrontend implements AutoCloseable {
    private static final int THREADS = 32;
    private static final Logger LOG = LoggerFactory.getLogger(HttpsFrontend.class);

    private final HttpsServer server;
    private final ExecutorService pool;

    public HttpsFrontend(int port, SSLContext tls, Function<ApiRequest, ApiResponse> dispatcher) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "graph-emulator-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        pool = Executors.newFixedThreadPool(THREADS, threads);
        server.setExecutor(pool);
        server.createContext("/", exchange -> serve(exchange, dispatcher));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Function<ApiRequest, ApiResponse> dispatcher) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                headers.put(h.getKey(), String.join(",", h.getValue()));
            }
            ApiRequest request = new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            ApiResponse response = dispatcher.apply(request);
            if (response.dropConnection()) {
                // Closing before any response header is sent makes the JDK server drop the connection.
                exchange.close();
                return;
            }
            send(exchange, response);
        } catch (RuntimeException | IOException e) {
            // Request bodies may hold secrets: log the failure, never the request.
            LOG.warn("Graph emulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            sendInternalError(exchange);
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] out = response.body();
        boolean noBody = out.length == 0 || response.status() == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : out.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static void sendInternalError(HttpExchange exchange) {
        try {
            byte[] out = "{\"error\":{\"code\":\"generalException\",\"message\":\"The emulator failed to handle the request.\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(500, out.length);
            exchange.getResponseBody().write(out);
        } catch (IOException | RuntimeException ignored) {
            // The response was already started or the client went away; nothing more can be said.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
