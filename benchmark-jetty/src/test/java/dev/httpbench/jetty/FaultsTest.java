package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault matrix's servers (issue 14) kept as tests: each fault lands in its own bucket, every
 * request is counted once, and nothing hangs.
 */
@Timeout(60)
class FaultsTest {

    @Test
    void malformedStatusLineIsProtocol() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok");
            return true;
        })) {
            assertOnly(run(server.url("/"), 20), FailureKind.PROTOCOL, 20);
            assertEquals(20, server.requests(), "each request reached the server");
        }
    }

    @Test
    void binaryJunkIsProtocol() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.out().write(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13, 10, 13, 7});
            x.out().flush();
            return true;
        })) {
            assertOnly(run(server.url("/"), 20), FailureKind.PROTOCOL, 20);
        }
    }

    @Test
    void malformedHeaderIsProtocol() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\nok");
            return true;
        })) {
            assertOnly(run(server.url("/"), 20), FailureKind.PROTOCOL, 20);
        }
    }

    @Test
    void badChunkingIsProtocol() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n");
            return true;
        })) {
            assertOnly(run(server.url("/"), 20), FailureKind.PROTOCOL, 20);
        }
    }

    @Test
    void bodyLongerThanContentLengthIsProtocol() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world");
            return true;
        })) {
            BenchmarkResult r = run(server.url("/"), 20);
            assertOnly(r, FailureKind.PROTOCOL, 20);
            assertEquals(20 * 5L, r.bytesReceived(), "the announced body was received; the excess is not a body");
        }
    }

    @Test
    void resetIsConnectionClosed() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.socket().setSoLinger(true, 0); // close sends RST instead of FIN
            x.socket().close();
            return false;
        })) {
            assertOnly(run(server.url("/"), 20), FailureKind.CONNECTION_CLOSED, 20);
        }
    }

    @Test
    void halfABodyThenCloseIsConnectionClosedWithTheBytesCounted() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "h".repeat(50));
            return false;
        })) {
            BenchmarkResult r = run(server.url("/"), 20);
            assertOnly(r, FailureKind.CONNECTION_CLOSED, 20);
            assertEquals(20 * 50L, r.bytesReceived());
        }
    }

    @Test
    void acceptedButNeverReadIsRequestTimeout() throws Exception {
        try (RawServer server = RawServer.silent()) {
            BenchmarkResult r = Benchmark.target(server.url("/")).warmup(Duration.ZERO).workers(1).concurrency(2)
                    .requests(6).timeout(Duration.ofMillis(300)).run();
            assertOnly(r, FailureKind.REQUEST_TIMEOUT, 6);
        }
    }

    @Test
    void aDribbleWithinTheTimeoutSucceedsAndOnePastItTimesOut() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            String response = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
            for (char c : response.toCharArray()) {
                x.write(String.valueOf(c));
                Thread.sleep(x.path().equals("/slow") ? 20 : 1);
            }
            return true;
        })) {
            BenchmarkResult fast = Benchmark.target(server.url("/fast")).warmup(Duration.ZERO).workers(1)
                    .concurrency(2).requests(6).timeout(Duration.ofSeconds(5)).run();
            assertEquals(6, fast.succeeded(), fast.toString());
            assertEquals(60, fast.bytesReceived());

            // 49 bytes at 20 ms each take about a second
            BenchmarkResult slow = Benchmark.target(server.url("/slow")).warmup(Duration.ZERO).workers(1)
                    .concurrency(2).requests(4).timeout(Duration.ofMillis(300)).run();
            assertOnly(slow, FailureKind.REQUEST_TIMEOUT, 4);
        }
    }

    @Test
    void aServerThatNeverFinishesTheTlsHandshakeOrTheHttp2PrefaceIsAConnectTimeout() throws Exception {
        try (RawServer server = RawServer.silent()) {
            BenchmarkResult tls = Benchmark.target(server.url("/").replace("http:", "https:")).warmup(Duration.ZERO)
                    .workers(1).concurrency(2).requests(4).connectTimeout(Duration.ofMillis(300))
                    .timeout(Duration.ofSeconds(5)).run();
            assertOnly(tls, FailureKind.CONNECT_TIMEOUT, 4);

            BenchmarkResult h2 = Benchmark.target(server.url("/")).protocol(dev.httpbench.HttpProtocol.HTTP_2)
                    .warmup(Duration.ZERO).workers(1).concurrency(2).requests(4)
                    .connectTimeout(Duration.ofMillis(300)).timeout(Duration.ofSeconds(5)).run();
            assertOnly(h2, FailureKind.CONNECT_TIMEOUT, 4);
        }
    }

    /** Issue 14, item 8: the end of the run waits at most the drain timeout, and the duration stays the window. */
    @Test
    void theDrainIsBoundedByTheDrainTimeoutNotTheRequestTimeout() throws Exception {
        try (RawServer server = RawServer.silent()) {
            long start = System.nanoTime();
            BenchmarkResult r = Benchmark.target(server.url("/")).warmup(Duration.ZERO).workers(2).concurrency(4)
                    .duration(Duration.ofMillis(500)).timeout(Duration.ofSeconds(30))
                    .drainTimeout(Duration.ofMillis(300)).run();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertOnly(r, FailureKind.CANCELLED, 4);
            assertFalse(r.interrupted());
            assertEquals(Duration.ofMillis(500), r.duration(), "the measured window, without the drain");
            assertTrue(tookMillis < 10_000, "the run took " + tookMillis + " ms; the request timeout is 30 s");
        }
    }

    private static BenchmarkResult run(String url, long requests) {
        return Benchmark.target(url).warmup(Duration.ZERO).workers(1).concurrency(2).requests(requests).run();
    }

    private static void assertOnly(BenchmarkResult r, FailureKind kind, long count) {
        assertEquals(count, r.sent(), r.toString());
        assertEquals(0, r.succeeded(), r.toString());
        assertEquals(count, r.failed(), r.toString());
        assertEquals(Map.of(kind, count), r.errors(), r.toString());
        assertTrue(r.statusCounts().isEmpty(), r.toString());
    }
}
