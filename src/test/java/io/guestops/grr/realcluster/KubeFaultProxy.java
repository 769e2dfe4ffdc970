package io.guestops.grr.realcluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.guestops.grr.realcluster.KubeFaults.Injected;
import io.guestops.grr.realcluster.KubeFaults.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocketFactory;

/**
 * A fault-injecting proxy on loopback in front of a {@link RealKubernetes} API server: the operator's
 * Fabric8 client talks plain HTTP to it ({@link #clientConfig(String)}), the proxy talks TLS to the
 * API server, trusting its certificate. It carries every request one per connection (it forwards
 * {@code Connection: close}), and watches both ways: Fabric8 7.5 opens a watch as a WebSocket
 * upgrade first and falls back to HTTP streaming on a 200 or 503 answer; after the 101 or the
 * streaming head the proxy pipes bytes until either side closes.
 *
 * <p>Faults, switched at runtime through {@link #faults()} (seeded, counted) and the methods here:
 * 429 with Retry-After or 503 on a share of requests, added latency, 409 storms on status writes,
 * refused Lease renewals, every watch closed now or every N seconds, and "down" (every new
 * connection reset, every open one cut) for a while.
 *
 * <p>A leader that cannot renew its Lease while a Graph write is in flight:
 * <pre>{@code
 * KubeFaultProxy proxy = KubeFaultProxy.inFrontOf(KUBE, 42);
 * KubernetesClient client = KUBE.client(proxy.clientConfig(KUBE.adminToken()));
 * // start the leader with `client` and a LeaderElection on Lease "grr-leader"; hold Graph's POST in flight, then
 * proxy.faults().refuseLeaseRenewals("grr-leader", 409); // or 503: every PUT/PATCH of that Lease refused, reads pass
 * // ... the leader's renew deadline passes, it stops leading; the other replica (on another client) takes over
 * proxy.faults().allowLeaseRenewals();
 * proxy.faults().injected(Injected.LEASE_RENEWAL_REFUSED); // how many renewals were refused
 * }</pre>
 */
public final class KubeFaultProxy implements AutoCloseable {

    private static final byte[] GONE = "\"code\":410".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final SSLSocketFactory upstream;
    private final KubeFaults faults;
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("kube-fault-proxy"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("kube-fault-proxy-timer"));
    private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
    private final List<RequestHead> received = new CopyOnWriteArrayList<>();
    private final AtomicLong goneInWatches = new AtomicLong();
    private volatile boolean down;
    private volatile ScheduledFuture<?> watchCutter;

    /** Both sockets of one forwarded request; a watch's stay open until one side or a fault closes them. */
    private record ProxiedConnection(Socket client, Socket server, boolean watch) {
        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private KubeFaultProxy(RealKubernetes kube, long seed) throws IOException {
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.upstreamHost = "127.0.0.1";
        this.upstreamPort = kube.port();
        this.upstream = RealKubernetes.trusting(kube.certificateFile()).getSocketFactory();
        this.faults = new KubeFaults(seed);
        Thread acceptor = new Thread(this::acceptLoop, "kube-fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of the server, no fault on yet; {@code seed} decides which requests a share-based fault hits. */
    public static KubeFaultProxy inFrontOf(RealKubernetes kube, long seed) {
        try {
            return new KubeFaultProxy(kube, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy's URL (plain HTTP on loopback). */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** A Fabric8 configuration that reaches the API server through the proxy with this bearer token. */
    public Config clientConfig(String token) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withOauthToken(token).withNamespace("default").build();
    }

    public KubeFaults faults() {
        return faults;
    }

    /** Cuts every open connection and resets every new one until {@link #up()}: the API server unreachable. */
    public void down() {
        down = true;
        open.forEach(ProxiedConnection::close);
    }

    public void up() {
        down = false;
    }

    /** Closes every open watch now (both sides); returns how many. */
    public int closeWatches() {
        int closed = 0;
        for (ProxiedConnection connection : open) {
            if (connection.watch()) {
                connection.close();
                faults.count(Injected.WATCH_CLOSED);
                closed++;
            }
        }
        return closed;
    }

    /** Closes every open watch every {@code period} until {@link #stopClosingWatches()}. */
    public void closeWatchesEvery(Duration period) {
        stopClosingWatches();
        watchCutter = timers.scheduleAtFixedRate(this::closeWatches, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stopClosingWatches() {
        ScheduledFuture<?> cutter = watchCutter;
        if (cutter != null) {
            cutter.cancel(false);
        }
    }

    /** How many requests that match the proxy has received (answered by the API server or by a fault). */
    public long requests(Predicate<RequestHead> matching) {
        return received.stream().filter(matching).count();
    }

    /** How many watch answers carried a 410 Gone (the client must list again: a relist). */
    public long goneInWatches() {
        return goneInWatches.get();
    }

    @Override
    public void close() {
        stopClosingWatches();
        closeQuietly(listener);
        open.forEach(ProxiedConnection::close);
        connections.shutdownNow();
        timers.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    faults.count(Injected.REFUSED_WHILE_DOWN);
                    client.setSoLinger(true, 0); // a reset, as a connection to a port nobody listens on
                    client.close();
                    continue;
                }
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                // the listener was closed: the proxy is shutting down
            }
        }
    }

    private void serve(Socket client) {
        try {
            Optional<RequestHead> read = RequestHead.read(client.getInputStream());
            if (read.isEmpty()) {
                closeQuietly(client);
                return;
            }
            RequestHead head = read.get();
            received.add(head);
            Optional<Refusal> refusal = faults.refusalFor(head);
            if (refusal.isPresent()) {
                answer(client, head, refusal.get());
                return;
            }
            Duration latency = faults.latency();
            if (latency.isZero()) {
                forward(client, head);
            } else {
                faults.count(Injected.DELAYED);
                // added latency without holding a thread: the forwarding runs when the delay is over
                CompletableFuture.runAsync(() -> forward(client, head),
                        CompletableFuture.delayedExecutor(latency.toMillis(), TimeUnit.MILLISECONDS, connections));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
        }
    }

    private void forward(Socket client, RequestHead head) {
        if (down) {
            faults.count(Injected.REFUSED_WHILE_DOWN);
            closeQuietly(client);
            return;
        }
        Socket server = null;
        ProxiedConnection connection = null;
        try {
            server = upstream.createSocket(upstreamHost, upstreamPort);
            connection = new ProxiedConnection(client, server, head.isWatch());
            open.add(connection);
            OutputStream toServer = server.getOutputStream();
            toServer.write(head.forwarded(upstreamHost + ":" + upstreamPort));
            toServer.flush();
            InputStream fromClient = client.getInputStream();
            connections.execute(() -> pipe(fromClient, toServer, false));
            pipe(server.getInputStream(), client.getOutputStream(), head.isWatch());
        } catch (IOException | RuntimeException e) {
            // the API server is down or went away: the client sees its connection closed, as it would
        } finally {
            if (connection != null) {
                open.remove(connection);
                connection.close();
            } else {
                closeQuietly(client);
                closeQuietly(server);
            }
        }
    }

    /** Copies until either side closes; in a watch's answer, counts each 410 Gone it carries. */
    private void pipe(InputStream in, OutputStream out, boolean watchAnswer) {
        byte[] buffer = new byte[16 * 1024];
        byte[] tail = new byte[0];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                if (watchAnswer) {
                    tail = countGone(tail, buffer, n);
                }
            }
        } catch (IOException e) {
            // one side closed: the other is closed by forward's finally
        }
    }

    /** Counts {@code "code":410} in the bytes, including one that straddles two reads; returns the new tail. */
    private byte[] countGone(byte[] tail, byte[] buffer, int n) {
        byte[] window = new byte[tail.length + n];
        System.arraycopy(tail, 0, window, 0, tail.length);
        System.arraycopy(buffer, 0, window, tail.length, n);
        String text = new String(window, StandardCharsets.ISO_8859_1);
        String gone = new String(GONE, StandardCharsets.ISO_8859_1);
        for (int at = text.indexOf(gone); at >= 0; at = text.indexOf(gone, at + 1)) {
            if (at + gone.length() > tail.length) { // not already counted in the previous window
                goneInWatches.incrementAndGet();
            }
        }
        int keep = Math.min(window.length, GONE.length - 1);
        byte[] next = new byte[keep];
        System.arraycopy(window, window.length - keep, next, 0, keep);
        return next;
    }

    /** Answers in the API server's place, after reading the request's body so the client sees the answer, not a reset. */
    private void answer(Socket client, RequestHead head, Refusal refusal) throws IOException {
        try (client) {
            InputStream in = client.getInputStream();
            skipBody(in, head.bodyLength());
            String body = """
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"injected by the test's fault proxy","reason":"%s","code":%d}"""
                    .formatted(refusal.reason(), refusal.status());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder response = new StringBuilder("HTTP/1.1 ").append(refusal.status()).append(' ').append(refusal.reason())
                    .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(bytes.length)
                    .append("\r\nConnection: close\r\n");
            if (refusal.retryAfter() != null) {
                response.append("Retry-After: ").append(refusal.retryAfter().toSeconds()).append("\r\n");
            }
            OutputStream out = client.getOutputStream();
            out.write(response.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        }
    }

    private static void skipBody(InputStream in, long length) throws IOException {
        if (length >= 0) {
            in.readNBytes(Math.toIntExact(length));
            return;
        }
        while (true) { // chunked: size line, data, CRLF; a zero size ends it (no trailers from Fabric8)
            int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
            in.readNBytes(size + 2);
            if (size == 0) {
                return;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
