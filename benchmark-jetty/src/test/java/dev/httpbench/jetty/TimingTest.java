package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.HttpProtocol;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;
import dev.httpbench.testsupport.H2cServer;
import dev.httpbench.testsupport.TlsTestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the time goes (issue 12): each request's phases come out of the engine as the server made
 * them. The servers here wait 30 ms before the response headers and 40 ms inside the body; those
 * waits are facts of the server, so the phases must show them within 2 ms at p50. On a loaded machine
 * a server's sleep overshoots, so the reference is the wait the server actually made, which it
 * measures itself (and which is never shorter than asked). The phases' counts must add up with the
 * run's.
 */
@Timeout(60)
class TimingTest {
    private static final long BEFORE_HEADERS_MS = 30;
    private static final long INSIDE_BODY_MS = 40;
    private static final long TOLERANCE_MICROS = 2_000;
    private static final int ATTEMPTS = 3;

    /** The waits a server actually made, in nanoseconds. Thread-safe. */
    private static final class Waits {
        final Queue<Long> beforeHeaders = new ConcurrentLinkedQueue<>();
        final Queue<Long> insideBody = new ConcurrentLinkedQueue<>();

        static long medianMicros(Queue<Long> nanos) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[(sorted.length - 1) / 2] / 1_000;
        }
    }

    /**
     * A loopback HTTP/1.1 server, one blocking thread per connection, that answers every request with
     * its headers after 30 ms, then a chunk, 40 ms, and the last chunk. It reads requests through a
     * buffer: byte by byte, each read a system call, the reading alone would add to the time to first
     * byte on a loaded machine.
     */
    private static final class SlowChunkedServer implements AutoCloseable {
        final Waits waits = new Waits();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "slow-chunked-accept");

        SlowChunkedServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/slow";
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    accepted.add(s);
                    Thread t = new Thread(() -> serve(s), "slow-chunked-" + accepted.size());
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        private void serve(Socket s) {
            try (s) {
                s.setTcpNoDelay(true);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isEmpty()) {
                        continue; // the request line and headers; a GET has no body
                    }
                    long start = System.nanoTime();
                    Thread.sleep(BEFORE_HEADERS_MS);
                    long headers = System.nanoTime();
                    out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n").array());
                    out.flush();
                    waits.beforeHeaders.add(headers - start);
                    long chunk = System.nanoTime();
                    Thread.sleep(INSIDE_BODY_MS);
                    waits.insideBody.add(System.nanoTime() - chunk);
                    out.write(ascii("6\r\n world\r\n0\r\n\r\n").array());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client closed the connection, or the test is over
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
            acceptor.join(5_000);
        }
    }

    @Test
    void timeToFirstByteAndTransferShowTheServersDelaysBeforeTheHeadersAndInsideTheBody() throws Exception {
        try (SlowChunkedServer server = new SlowChunkedServer()) {
            BenchmarkResult r = showsTheServersWaits(server.waits, () -> Benchmark.target(server.url())
                    .warmup(Duration.ZERO).workers(2).concurrency(4).requests(40).run());

            assertEquals(40, r.succeeded(), r.toString());
            Timing t = r.timing();
            assertEquals(40, t.ttfb().count(), "one ttfb per response");
            assertEquals(40, t.transfer().count(), "one transfer per response");
            assertEquals(0, t.queue().count(), "closed loop: no queue");
            assertEquals(4, r.connectionsOpened());
            assertEquals(r.connectionsOpened(), t.connect().count(), "one connect per connection opened");
            assertEquals(0, t.tls().count(), "no TLS for http");
        }
    }

    @Test
    void theReadmeExampleRunsAsWritten() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/httpbench/jetty/TimingTest.java"), StandardCharsets.UTF_8);
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("// README:begin\\n(.*?)// README:end\\n", Pattern.DOTALL).matcher(source);
        assertTrue(m.find(), "the README example is in this file");
        assertTrue(readme.contains(m.group(1)), "README.md must contain, as written:\n" + m.group(1));

        try (SlowChunkedServer server = new SlowChunkedServer()) {
            Timing t = WhereTheTimeGoes.of(server.url());
            assertEquals(40, t.ttfb().count());
            assertEquals(40, t.transfer().count());
            assertTrue(t.ttfb().p50().toMillis() >= BEFORE_HEADERS_MS, t.toString());
            assertTrue(t.transfer().p50().toMillis() >= INSIDE_BODY_MS, t.toString());
        }
    }

    @Test
    void openLoopRecordsEachResponsesWaitForAFreeConnection() throws Exception {
        try (SlowChunkedServer server = new SlowChunkedServer()) {
            // 100 arrivals/s on 2 connections each busy 70 ms per request: arrivals wait for a connection
            BenchmarkResult r = showsTheServersWaits(server.waits, () -> Benchmark.target(server.url())
                    .warmup(Duration.ZERO).workers(1).concurrency(2).rate(100).requests(30).run());

            assertEquals(30, r.succeeded(), r.toString());
            Timing t = r.timing();
            assertEquals(30, t.queue().count(), "one queue time per response");
            assertEquals(30, t.ttfb().count());
            assertEquals(30, t.transfer().count());
            assertTrue(t.queue().max().toMillis() >= INSIDE_BODY_MS, "arrivals waited for a busy connection\n" + t);
        }
    }

    @Test
    void httpsSplitsEachConnectionIntoTcpConnectAndTlsHandshake(@TempDir Path dir) throws Exception {
        try (TlsTestServer server = new TlsTestServer(dir)) {
            BenchmarkResult r = Benchmark.target(server.baseUrl() + "/").trustAllCertificates(true)
                    .warmup(Duration.ZERO).workers(2).concurrency(4).requests(40).run();

            assertEquals(40, r.succeeded(), r.toString());
            Timing t = r.timing();
            assertEquals(4, r.connectionsOpened());
            assertEquals(4, t.connect().count(), "one TCP connect per connection");
            assertEquals(4, t.tls().count(), "one TLS handshake per connection");
            assertEquals(r.connectTime().count(), t.tls().count());
            assertTrue(t.tls().max().compareTo(Duration.ZERO) > 0, "a handshake takes time\n" + t);
            assertEquals(40, t.ttfb().count());
        }
    }

    @Test
    void http2TimesEachStreamAndEachConnection() throws Exception {
        Waits waits = new Waits();
        try (H2cServer server = H2cServer.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                // blocking is fine here: Jetty runs a blocking handler on a thread of its own pool
                // the server's wait: from when it parsed the request (before it dispatched this handler)
                // until its first bytes were flushed, then until its last bytes were
                long start = request.getBeginNanoTime();
                Thread.sleep(BEFORE_HEADERS_MS);
                write(response, false, "hello");
                long headers = System.nanoTime();
                waits.beforeHeaders.add(headers - start);
                Thread.sleep(INSIDE_BODY_MS);
                write(response, true, " world");
                waits.insideBody.add(System.nanoTime() - headers);
                callback.succeeded();
                return true;
            }
        })) {
            String url = server.url("/slow");
            BenchmarkResult r = showsTheServersWaits(waits, () -> Benchmark.target(url).protocol(HttpProtocol.HTTP_2)
                    .warmup(Duration.ZERO).workers(1).concurrency(4).requests(40).run());

            assertEquals(40, r.succeeded(), r.toString());
            Timing t = r.timing();
            assertEquals(40, t.ttfb().count(), "one ttfb per stream");
            assertEquals(40, t.transfer().count(), "one transfer per stream");
            assertEquals(1, r.connectionsOpened());
            assertEquals(1, t.connect().count(), "one connect per connection, not per stream");
            assertEquals(0, t.tls().count());
        }
    }

    @Test
    void http2OverTlsHandshakesOncePerConnection(@TempDir Path dir) throws Exception {
        try (TlsTestServer server = new TlsTestServer(dir, true)) {
            BenchmarkResult r = Benchmark.target(server.baseUrl() + "/").protocol(HttpProtocol.HTTP_2)
                    .trustAllCertificates(true).warmup(Duration.ZERO).workers(2).concurrency(8).requests(40).run();

            assertEquals(40, r.succeeded(), r.toString());
            assertEquals(2, r.connectionsOpened());
            assertEquals(2, r.timing().connect().count());
            assertEquals(2, r.timing().tls().count());
            assertEquals(40, r.timing().ttfb().count());
        }
    }

    @Test
    void phasesCountOnlyMeasuredResponsesAndEveryConnection() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            return false;
        })) {
            BenchmarkResult r = Benchmark.target(server.url("/close")).warmup(Duration.ofMillis(200))
                    .workers(1).concurrency(2).requests(50).run();

            assertEquals(50, r.succeeded(), r.toString());
            Timing t = r.timing();
            assertEquals(50, t.ttfb().count(), "warm-up responses are not measured");
            assertEquals(50, t.transfer().count());
            assertTrue(r.reconnects() >= 50, "each response closed its connection: " + r.reconnects());
            assertEquals(r.connectionsOpened(), t.connect().count(), "warm-up connections included, as connectionsOpened");
        }
    }

    /**
     * Runs {@code run} until its ttfb and transfer p50 are the server's median waits within 2 ms, at
     * most {@link #ATTEMPTS} times: on a loaded machine a run's scheduling delays (the server's thread
     * waking for the request, the loop waking for the answer) can pass 2 ms, but not every run's,
     * while anything the engine itself added would show in every run.
     */
    private static BenchmarkResult showsTheServersWaits(Waits waits, Callable<BenchmarkResult> run) throws Exception {
        StringBuilder misses = new StringBuilder();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            waits.beforeHeaders.clear();
            waits.insideBody.clear();
            BenchmarkResult r = run.call();
            String ttfb = miss(BEFORE_HEADERS_MS, waits.beforeHeaders, r.timing().ttfb(), "ttfb");
            String transfer = miss(INSIDE_BODY_MS, waits.insideBody, r.timing().transfer(), "transfer");
            if (ttfb == null && transfer == null) {
                return r;
            }
            misses.append("\nattempt ").append(attempt).append(": ").append(ttfb != null ? ttfb : "")
                    .append(ttfb != null && transfer != null ? "; " : "").append(transfer != null ? transfer : "");
        }
        return fail("the phases did not show the server's waits within 2 ms in " + ATTEMPTS + " runs:" + misses);
    }

    /** Why {@code d}'s p50 is not the server's median wait (at least {@code askedMillis}) within 2 ms; null when it is. */
    private static String miss(long askedMillis, Queue<Long> waited, LatencyDistribution d, String phase) {
        long p50 = d.p50().toNanos() / 1_000;
        long expected = Waits.medianMicros(waited);
        assertTrue(expected >= askedMillis * 1_000, "the server waited at least as asked: " + expected + " µs");
        if (p50 >= expected - TOLERANCE_MICROS && p50 <= expected + TOLERANCE_MICROS) {
            return null;
        }
        return phase + " p50 should be the server's median wait of " + expected + " µs (asked " + askedMillis
                + " ms) within 2 ms but was " + p50 + " µs (" + d + ")";
    }

    private static void write(Response response, boolean last, String content) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(last, ascii(content), written);
            written.block();
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}

// README:begin
class WhereTheTimeGoes {
    static Timing of(String url) {
        BenchmarkResult r = Benchmark.target(url).concurrency(4).requests(40).run();
        Timing t = r.timing();                           // queue, connect, tls, ttfb, transfer
        System.out.println("think time p50 " + t.ttfb().p50()    // request written -> first byte
                + ", body p50 " + t.transfer().p50()     // first byte -> last byte
                + ", " + t.connect().count() + " connects, " + t.tls().count() + " TLS handshakes");
        return t;
    }
}
// README:end
