package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every way HTTP/1.1 frames a response body is parsed on the event loop, and the body bytes are
 * counted exactly once (issue 14, item 1: they were counted twice).
 */
@Timeout(60)
class ResponseFramingTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";

    @Test
    void contentLengthBodiesAreCountedExactly() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write(HEAD + "Content-Length: 1000\r\n\r\n" + "x".repeat(1000));
            return true;
        })) {
            BenchmarkResult r = run(server.url("/cl"), 4, 200);

            assertEquals(200, r.succeeded(), r.toString());
            assertEquals(200 * 1000L, r.bytesReceived());
            assertEquals(4, server.connections(), "keep-alive: the preconnected connections carried everything");
            assertEquals(4, r.connectionsOpened());
            assertEquals(0, r.reconnects());
        }
    }

    @Test
    void chunkedBodiesAreCountedWithoutTheChunkFraming() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            // 1 + 10 + 100 + 889 = 1000 body bytes in four chunks, then a trailer
            x.write(HEAD + "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\na\r\n" + "b".repeat(10) + "\r\n64\r\n"
                    + "c".repeat(100) + "\r\n379\r\n" + "d".repeat(889) + "\r\n0\r\nX-Trailer: t\r\n\r\n");
            return true;
        })) {
            BenchmarkResult r = run(server.url("/chunked"), 4, 200);

            assertEquals(200, r.succeeded(), r.toString());
            assertEquals(200 * 1000L, r.bytesReceived());
            assertEquals(0, r.reconnects());
        }
    }

    @Test
    void closeDelimitedBodiesEndWithTheConnectionAndReconnect() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 200 OK\r\n\r\n" + "y".repeat(1000));
            return false; // the end of the connection ends the body
        })) {
            BenchmarkResult r = run(server.url("/close-delimited"), 4, 100);

            assertEquals(100, r.succeeded(), r.toString());
            assertEquals(100 * 1000L, r.bytesReceived());
            assertEquals(100, server.connections(), "one connection per response");
            assertEquals(100, r.connectionsOpened());
            assertEquals(96, r.reconnects(), "every connection after the 4 preconnected ones is a reconnect");
            assertEquals(100, r.connectTime().count());
        }
    }

    @Test
    void largeBodiesAreCountedNotHeld() throws Exception {
        int size = 4 * 1024 * 1024;
        byte[] body = new byte[size];
        try (RawServer server = RawServer.start(x -> {
            if (x.path().equals("/chunked")) {
                x.write(HEAD + "Transfer-Encoding: chunked\r\n\r\n");
                for (int sent = 0; sent < size; sent += 65536) {
                    x.write(Integer.toHexString(65536) + "\r\n");
                    x.out().write(body, 0, 65536);
                    x.write("\r\n");
                }
                x.write("0\r\n\r\n");
            } else {
                x.write(HEAD + "Content-Length: " + size + "\r\n\r\n");
                x.out().write(body);
                x.out().flush();
            }
            return true;
        })) {
            BenchmarkResult fixed = run(server.url("/fixed"), 2, 20);
            BenchmarkResult chunked = run(server.url("/chunked"), 2, 20);

            assertEquals(20, fixed.succeeded(), fixed.toString());
            assertEquals(20L * size, fixed.bytesReceived());
            assertEquals(20, chunked.succeeded(), chunked.toString());
            assertEquals(20L * size, chunked.bytesReceived());
        }
    }

    @Test
    void headResponsesHaveNoBodyWhateverTheirContentLengthSays() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            assertEquals("HEAD", x.method());
            x.write(HEAD + "Content-Length: 1000\r\n\r\n");
            return true;
        })) {
            BenchmarkResult r = Benchmark.target(server.url("/head")).method("HEAD").warmup(Duration.ZERO)
                    .workers(1).concurrency(2).requests(50).run();

            assertEquals(50, r.succeeded(), r.toString());
            assertEquals(0, r.bytesReceived());
            assertEquals(2, server.connections(), "the connections stayed in step with the responses");
        }
    }

    @Test
    void interimResponsesAreSkippedForTheFinalOne() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    + HEAD + "Content-Length: 2\r\n\r\nok");
            return true;
        })) {
            BenchmarkResult r = run(server.url("/interim"), 2, 50);

            assertEquals(50, r.succeeded(), r.toString());
            assertEquals(Map.of(200, 50L), r.statusCounts());
            assertEquals(100, r.bytesReceived());
        }
    }

    @Test
    void connectionCloseAnswersReconnectAndAreCounted() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write(HEAD + "Content-Length: 2\r\nConnection: close\r\n\r\nok");
            return false;
        })) {
            BenchmarkResult r = run(server.url("/close"), 4, 100);

            assertEquals(100, r.succeeded(), r.toString());
            assertEquals(0, r.failed());
            assertEquals(100, server.connections());
            assertEquals(100, r.connectionsOpened());
            assertEquals(96, r.reconnects());
        }
    }

    @Test
    void idleConnectionsClosedByTheServerAreReopenedForTheNextRequest() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write(HEAD + "Content-Length: 2\r\n\r\nok");
            return false; // closes after answering, without saying so: the client sees it while idle
        })) {
            // 20 requests/s on 2 connections: each is idle for about 100 ms between requests
            BenchmarkResult r = Benchmark.target(server.url("/idle-close")).warmup(Duration.ZERO).workers(1)
                    .concurrency(2).rate(20).requests(20).run();

            assertEquals(20, r.succeeded(), r.toString());
            assertEquals(0, r.failed());
            assertEquals(20, server.connections());
            assertEquals(18, r.reconnects());
        }
    }

    @Tag("timing") // the machine's scheduling shapes it
    @Test
    void everyConnectionOfAWorkerCarriesItsShare() throws Exception {
        try (RawServer server = RawServer.start(x -> {
            x.write(HEAD + "Content-Length: 2\r\n\r\nok");
            return true;
        })) {
            BenchmarkResult r = run(server.url("/fair"), 200, 20_000);

            assertEquals(20_000, r.succeeded(), r.toString());
            assertEquals(200, server.requestsPerConnection().size());
            int min = server.requestsPerConnection().values().stream().mapToInt(a -> a.get()).min().orElse(0);
            // 100 each if perfectly fair; the server's 200 threads are scheduled unevenly on a busy machine
            // (41 to 142 seen), while a connection the loop starved would carry next to nothing
            assertTrue(min >= 20, "the least served of 200 connections carried " + min + " of 20,000 requests: "
                    + server.requestsPerConnection());
        }
    }

    private static BenchmarkResult run(String url, int concurrency, long requests) {
        return Benchmark.target(url).warmup(Duration.ZERO).workers(1).concurrency(concurrency).requests(requests)
                .run();
    }
}
