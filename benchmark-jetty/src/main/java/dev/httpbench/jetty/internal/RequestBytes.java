package dev.httpbench.jetty.internal;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 request of a run, encoded once: request line, headers and body in one direct buffer that
 * every send of every connection of a worker writes from. Immutable after construction; each worker
 * thread takes its own {@link #view()}.
 */
final class RequestBytes {
    static final String USER_AGENT = "httpbench/" + Benchmark.version();

    private final ByteBuffer bytes;
    private final boolean head;

    private RequestBytes(byte[] encoded, boolean head) {
        this.bytes = ByteBuffer.allocateDirect(encoded.length).put(encoded).flip();
        this.head = head;
    }

    static RequestBytes of(BenchmarkConfig config) {
        return new RequestBytes(encode(config), "HEAD".equals(config.method()));
    }

    /** The wire bytes of the request, for tests and logs. */
    static byte[] encode(BenchmarkConfig config) {
        URI target = config.target();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        StringBuilder head = new StringBuilder(256).append(config.method()).append(' ').append(path)
                .append(" HTTP/1.1\r\n");
        boolean host = false;
        boolean userAgent = false;
        boolean contentType = false;
        for (Map.Entry<String, String> h : config.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            host |= name.equals("host");
            userAgent |= name.equals("user-agent");
            contentType |= name.equals("content-type");
        }
        if (!host) {
            head.append("Host: ").append(hostHeader(target)).append("\r\n");
        }
        if (!userAgent) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        for (Map.Entry<String, String> h : config.headers()) { // framing headers are refused by the builder
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        byte[] body = config.body();
        if (body.length > 0 && !contentType) {
            head.append("Content-Type: application/octet-stream\r\n");
        }
        if (body.length > 0 || expectsBody(config.method())) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Methods whose requests servers expect to be framed even when empty. */
    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    static String hostHeader(URI target) {
        int port = target.getPort();
        boolean defaultPort = port < 0 || port == defaultPort(target);
        return defaultPort ? target.getHost() : target.getHost() + ":" + port;
    }

    static int defaultPort(URI target) {
        return "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }

    /** A buffer over the bytes for one worker thread: set its position and limit before each write. */
    ByteBuffer view() {
        return bytes.asReadOnlyBuffer();
    }

    int length() {
        return bytes.capacity();
    }

    /** A HEAD request: its response has headers only, whatever Content-Length says. */
    boolean head() {
        return head;
    }
}
