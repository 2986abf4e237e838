package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.testsupport.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each failure that loopback can produce is produced for real and lands in its own bucket. */
@Timeout(60)
class FailureKindsTest {

    @Test
    void refusedPortIsCountedAsConnectRefused() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        BenchmarkResult r = Benchmark.target("http://127.0.0.1:" + port + "/")
                .warmup(Duration.ZERO).concurrency(4).requests(40).run();

        assertOnly(r, FailureKind.CONNECT_REFUSED, 40);
    }

    @Test
    void slowResponseIsCountedAsRequestTimeout() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=3000")).concurrency(4).requests(8)
                    .warmup(Duration.ZERO).timeout(Duration.ofMillis(200)).run();

            assertOnly(r, FailureKind.REQUEST_TIMEOUT, 8);
        }
    }

    @Test
    void serverClosingTheConnectionIsCountedAsConnectionClosed() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/close"))
                    .warmup(Duration.ZERO).concurrency(4).requests(20).run();

            assertOnly(r, FailureKind.CONNECTION_CLOSED, 20);
            assertEquals(server.requests(), r.sent());
        }
    }

    @Test
    void httpsAgainstAPlainHttpPortIsCountedAsTls() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/ok").replace("http:", "https:")).concurrency(2)
                    .warmup(Duration.ZERO).requests(6).run();

            assertOnly(r, FailureKind.TLS, 6);
        }
    }

    /**
     * A listening socket that never accepts, with its accept queue already full: the kernel drops
     * further SYNs, so a connect attempt can only time out.
     */
    @Test
    void fullAcceptQueueIsCountedAsConnectTimeout() throws Exception {
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(neverAccepts.getLocalSocketAddress(), 300);
                    } catch (java.io.IOException queueFull) {
                        s.close();
                        break;
                    }
                    fillers.add(s);
                }
                BenchmarkResult r = Benchmark.target("http://127.0.0.1:" + neverAccepts.getLocalPort() + "/")
                        .warmup(Duration.ZERO).concurrency(2).requests(4).connectTimeout(Duration.ofMillis(300))
                        .timeout(Duration.ofSeconds(5)).run();

                assertOnly(r, FailureKind.CONNECT_TIMEOUT, 4);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    private static void assertOnly(BenchmarkResult r, FailureKind kind, long count) {
        assertEquals(count, r.sent(), r.toString());
        assertEquals(0, r.succeeded(), r.toString());
        assertEquals(count, r.failed(), r.toString());
        assertEquals(Map.of(kind, count), r.errors(), r.toString());
        assertTrue(r.statusCounts().isEmpty(), r.toString());
    }
}
