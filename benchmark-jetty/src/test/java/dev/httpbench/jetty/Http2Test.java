package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.HttpProtocol;
import dev.httpbench.testsupport.H2cServer;
import dev.httpbench.testsupport.Leaks;
import dev.httpbench.testsupport.TestServer;
import dev.httpbench.testsupport.TlsTestServer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2: each worker multiplexes its share of the concurrency as streams on one connection. */
@Timeout(60)
class Http2Test {

    @Test
    void closedLoopSpeaksHttp2OnOneConnectionPerWorker() throws Exception {
        try (TestServer server = TestServer.h2c()) {
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=2")).protocol(HttpProtocol.HTTP_2)
                    .warmup(Duration.ZERO).workers(2).concurrency(16).requests(500).run();

            assertEquals(500, r.succeeded(), r.toString());
            assertEquals(500, server.http2Requests());
            assertEquals(server.requests(), r.sent());
            assertEquals(2, server.maxConnections(), "one connection per worker");
            assertTrue(server.maxInProgress() <= 16, "in progress at most " + server.maxInProgress());
            Leaks.assertNoConnections(server::openConnections);
        }
    }

    @Test
    void openLoopCapsTheStreamsInFlightAtTheConcurrency() throws Exception {
        try (TestServer server = TestServer.h2c()) {
            // 100 requests/s of 100 ms each would need 10 streams; the concurrency allows 4
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=100")).protocol(HttpProtocol.HTTP_2)
                    .warmup(Duration.ZERO).workers(1).concurrency(4).rate(100).requests(60).run();

            assertEquals(60, r.succeeded(), r.toString());
            assertEquals(1, server.maxConnections());
            assertEquals(4, server.maxInProgress(), "streams in flight");
            assertTrue(r.latency().p99().compareTo(r.serviceTime().p99()) > 0,
                    "the wait for a free stream counts in the latency\n" + r);
        }
    }

    @Test
    void httpsNegotiatesHttp2WithAlpn(@TempDir Path dir) throws Exception {
        try (TlsTestServer server = new TlsTestServer(dir, true)) {
            BenchmarkResult h2 = Benchmark.target(server.baseUrl() + "/").protocol(HttpProtocol.HTTP_2)
                    .warmup(Duration.ZERO).trustAllCertificates(true).workers(1).concurrency(4).requests(40).run();
            assertEquals(40, h2.succeeded(), h2.toString());
            assertEquals(40, server.http2Requests());

            BenchmarkResult h1 = Benchmark.target(server.baseUrl() + "/").trustAllCertificates(true)
                    .warmup(Duration.ZERO).workers(1).concurrency(4).requests(40).run();
            assertEquals(40, h1.succeeded(), h1.toString());
            assertEquals(40, server.http2Requests(), "HTTP/1.1 unless HTTP/2 is asked for");
        }
    }

    @Test
    void responseBodiesAreCountedExactly() throws Exception {
        try (TestServer server = TestServer.h2c()) {
            BenchmarkResult get = Benchmark.target(server.url("/ok")).warmup(Duration.ZERO).protocol(HttpProtocol.HTTP_2)
                    .workers(1).concurrency(8).requests(200).run();
            assertEquals(200, get.succeeded(), get.toString());
            assertEquals(200L * "hello from the test server\n".length(), get.bytesReceived());

        }
    }

    @Test
    void postBodiesLargerThanTheServersWindowsWaitForItsWindowUpdates() throws Exception {
        AtomicLong bodyBytes = new AtomicLong();
        try (H2cServer server = H2cServer.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // reads the whole body before answering, as a real upload endpoint does
                Content.Source.asByteBuffer(request, Promise.from(body -> {
                    bodyBytes.addAndGet(body.remaining());
                    response.write(true, ByteBuffer.wrap(new byte[] {'o', 'k'}), callback);
                }, callback::failed));
                return true;
            }
        })) {
            // 200 KB is more than the 64 KB windows a server starts with
            BenchmarkResult post = Benchmark.target(server.url("/upload"))
                    .warmup(Duration.ZERO).protocol(HttpProtocol.HTTP_2).method("POST").body(new byte[200_000])
                    .workers(1).concurrency(4).requests(40).run();

            assertEquals(40, post.succeeded(), post.toString());
            assertEquals(40L * 200_000, bodyBytes.get());
            assertEquals(80, post.bytesReceived());
            assertEquals(1, post.connectionsOpened());
        }
    }

    @Test
    void aTimedOutStreamIsResetWhileItsConnectionCarriesOn() throws Exception {
        try (TestServer server = TestServer.h2c()) {
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=3000")).warmup(Duration.ZERO)
                    .protocol(HttpProtocol.HTTP_2).workers(1).concurrency(2).requests(8)
                    .timeout(Duration.ofMillis(200)).run();

            assertEquals(java.util.Map.of(dev.httpbench.FailureKind.REQUEST_TIMEOUT, 8L), r.errors(), r.toString());
            assertEquals(1, r.connectionsOpened(), "the connection stayed");
            assertEquals(0, r.reconnects());
        }
    }

    @Test
    void aServerThatIsGoneFailsEveryStreamAndTheRunEnds() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        BenchmarkResult r = Benchmark.target("http://127.0.0.1:" + port + "/").warmup(Duration.ZERO)
                .protocol(HttpProtocol.HTTP_2).workers(1).concurrency(4).requests(20).run();

        assertEquals(java.util.Map.of(dev.httpbench.FailureKind.CONNECT_REFUSED, 20L), r.errors(), r.toString());
    }
}
