package io.guestops.grr.realcluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The request line and headers of one HTTP/1.1 request as a client sent it to {@link KubeFaultProxy}:
 * what a fault rule matches on, and what the proxy forwards (rewritten) to the API server.
 */
record RequestHead(String method, String target, List<String[]> headers) {

    /** The longest head the proxy reads; Fabric8's are a few hundred bytes. */
    private static final int MAX_HEAD = 64 * 1024;

    /** Reads one head up to its blank line; empty when the client closed the connection first. */
    static Optional<RequestHead> read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                return Optional.empty();
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head longer than " + MAX_HEAD + " bytes");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        return Optional.of(new RequestHead(requestLine[0], requestLine[1], headers));
    }

    /** The path without the query. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    /** A WebSocket upgrade (how Fabric8 opens a watch first) or a streaming watch ({@code ?watch=true}). */
    boolean isWatch() {
        return isWebSocketUpgrade() || target.contains("watch=true") || target.contains("watch=1");
    }

    boolean isWebSocketUpgrade() {
        return header("Upgrade").map(u -> u.toLowerCase(Locale.ROOT).contains("websocket")).orElse(false);
    }

    /** A write of a status subresource: a PUT (the operator's optimistic-locking write) or a PATCH (JOSDK's). */
    boolean isStatusWrite() {
        return ("PUT".equals(method) || "PATCH".equals(method)) && path().endsWith("/status");
    }

    /** A write of the Lease {@code name} (how a leader renews it). */
    boolean isLeaseWrite(String name) {
        return ("PUT".equals(method) || "PATCH".equals(method)) && path().contains("/leases/")
                && path().endsWith("/leases/" + name);
    }

    /** A list (a GET of a collection, not a watch) of the resource type whose plural the path ends with. */
    boolean isListOf(String plural) {
        return "GET".equals(method) && !isWatch() && path().endsWith("/" + plural);
    }

    /** The length of the body the head announces: Content-Length, -1 for chunked, 0 for none. */
    long bodyLength() {
        if (header("Transfer-Encoding").map(t -> t.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            return -1;
        }
        return header("Content-Length").map(Long::parseLong).orElse(0L);
    }

    /**
     * The head as the proxy sends it to the API server: one request per connection ({@code Connection:
     * close}) unless it is a WebSocket upgrade, and no HTTP/2 cleartext upgrade (the JDK client offers
     * one over plain HTTP; the API server behind TLS speaks HTTP/1.1 here).
     */
    byte[] forwarded(String host) {
        StringBuilder out = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean upgrade = isWebSocketUpgrade();
        for (String[] h : headers) {
            String name = h[0].toLowerCase(Locale.ROOT);
            if (name.equals("host") || name.equals("http2-settings") || name.equals("connection") || name.equals("keep-alive")
                    || (name.equals("upgrade") && !upgrade)) {
                continue;
            }
            out.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        out.append("Host: ").append(host).append("\r\n");
        out.append(upgrade ? "Connection: Upgrade\r\n" : "Connection: close\r\n");
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return method + " " + target;
    }
}
