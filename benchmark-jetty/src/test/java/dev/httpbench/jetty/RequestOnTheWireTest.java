package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What reaches the server is exactly what was configured: method, path and query, headers in their
 * order, the body byte for byte with its Content-Length, and a Content-Type even without a body. The
 * server here is a raw socket that records each request's bytes, so nothing in between normalizes them.
 */
@Timeout(30)
class RequestOnTheWireTest {

    @Test
    void methodPathHeadersAndBodyArriveExactly() throws Exception {
        byte[] body = "{\"id\":42,\"name\":\"\u00e9t\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        try (RecordingServer server = new RecordingServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/orders/7?expand=items&x=%20y")).workers(1).concurrency(1)
                    .requests(3).warmup(Duration.ZERO).method("post").header("Content-Type", "application/json")
                    .header("X-Trace", "a").header("X-Trace", "b").header("Accept", "*/*").body(body).run();

            assertEquals(3, r.succeeded(), r.toString());
            assertEquals(3, server.requests.size());
            for (Captured c : server.requests) {
                assertEquals("POST /orders/7?expand=items&x=%20y HTTP/1.1", c.requestLine());
                assertEquals(List.of("a", "b"), c.values("X-Trace"), "repeated headers in order");
                assertEquals(List.of("application/json"), c.values("Content-Type"));
                assertEquals(List.of(Integer.toString(body.length)), c.values("Content-Length"));
                assertEquals(List.of("*/*"), c.values("Accept"));
                assertEquals(List.of("127.0.0.1:" + server.port()), c.values("Host"));
                assertEquals(List.of("httpbench/" + Benchmark.version()), c.values("User-Agent"));
                assertArrayEquals(body, c.body());
            }
        }
    }

    @Test
    void aContentTypeWithoutABodyIsStillSent() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            Benchmark.target(server.url("/")).workers(1).concurrency(1).requests(1).warmup(Duration.ZERO)
                    .header("Content-Type", "text/plain").run();
            Captured c = server.requests.get(0);
            assertEquals("GET / HTTP/1.1", c.requestLine());
            assertEquals(List.of("text/plain"), c.values("Content-Type"));
            assertTrue(c.values("Content-Length").isEmpty() || c.values("Content-Length").equals(List.of("0")),
                    c.headers().toString());
            assertEquals(0, c.body().length);
        }
    }

    @Test
    void aUserAgentAndAHostGivenReplaceTheEngines() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            Benchmark.target(server.url("/")).workers(1).concurrency(1).requests(1).warmup(Duration.ZERO)
                    .header("User-Agent", "my-client/1.0").header("Host", "shop.example").run();
            Captured c = server.requests.get(0);
            assertEquals(List.of("my-client/1.0"), c.values("User-Agent"));
            assertEquals(List.of("shop.example"), c.values("Host"));
            assertFalse(c.values("Connection").contains("close"), "keep-alive: " + c.headers());
        }
    }

    /** One request as the server read it. */
    record Captured(String requestLine, List<String[]> headers, byte[] body) {
        List<String> values(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    values.add(h[1]);
                }
            }
            return values;
        }
    }

    /**
     * A keep-alive HTTP/1.1 server on a raw socket: reads each request's head and Content-Length body,
     * records them, and answers 200 with an empty body. One thread per connection; closes everything
     * on close().
     */
    static final class RecordingServer implements AutoCloseable {
        final List<Captured> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        RecordingServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::accept, "recording-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        String url(String pathAndQuery) {
            return "http://127.0.0.1:" + port() + pathAndQuery;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s), "recording-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    String requestLine = line(in);
                    if (requestLine == null) {
                        return;
                    }
                    List<String[]> headers = new ArrayList<>();
                    int length = 0;
                    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                        int colon = h.indexOf(':');
                        String name = h.substring(0, colon).trim();
                        String value = h.substring(colon + 1).trim();
                        headers.add(new String[] {name, value});
                        if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
                            length = Integer.parseInt(value);
                        }
                    }
                    byte[] body = in.readNBytes(length);
                    requests.add(new Captured(requestLine, headers, body));
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // the client closed the connection
            }
        }

        /** One CRLF-terminated line without its end; null at end of stream. */
        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
