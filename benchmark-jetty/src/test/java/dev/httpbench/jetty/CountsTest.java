package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.testsupport.Leaks;
import dev.httpbench.testsupport.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every request the server saw is in the result, and the result's counts add up. */
@Timeout(60)
class CountsTest {
    private TestServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void closedLoopSendsExactlyTheRequestedNumberAndCountsEveryResponse() throws Exception {
        BenchmarkResult r = Benchmark.target(server.url("/ok"))
                .warmup(Duration.ZERO).workers(3).concurrency(16).requests(3_000).run();

        assertEquals(3_000, r.sent());
        assertEquals(server.requests(), r.sent());
        assertEquals(server.answered2xx(), r.succeeded());
        assertEquals(0, r.failed());
        assertEquals(3_000L, r.statusCounts().get(200));
        assertEquals(3_000, r.latency().count());
        assertTrue(r.throughput() > 0);
        assertTrue(r.bytesReceived() >= 3_000L * 20, "body bytes counted: " + r.bytesReceived());
        assertFalse(r.interrupted());
        Leaks.assertNoConnections(server::openConnections);
    }

    @Test
    void closedLoopForADurationCountsWhatTheServerSaw() throws Exception {
        BenchmarkResult r = Benchmark.target(server.url("/delay?ms=5")).warmup(Duration.ZERO).workers(2).concurrency(8)
                .duration(Duration.ofMillis(1_500)).run();

        assertEquals(server.requests(), r.sent());
        assertEquals(server.answered2xx(), r.succeeded());
        assertEquals(r.sent(), r.succeeded() + r.failed());
        assertTrue(r.duration().toMillis() >= 1_500, "measured " + r.duration());
        assertTrue(r.timeline().size() >= 2, "timeline " + r.timeline());
        assertEquals(r.succeeded(), r.timeline().stream().mapToLong(i -> i.succeeded()).sum());
    }

    @Tag("timing") // the machine's scheduling shapes it
    @Test
    void openLoopSendsOnScheduleAndCountsEveryResponse() throws Exception {
        BenchmarkResult r = Benchmark.target(server.url("/ok")).warmup(Duration.ZERO).workers(2).concurrency(8)
                .rate(400).requests(400).run();

        assertEquals(400, r.sent());
        assertEquals(server.requests(), r.sent());
        assertEquals(server.answered2xx(), r.succeeded());
        assertEquals(r.sent(), r.succeeded() + r.failed());
        assertTrue(r.requestRate() > 300 && r.requestRate() < 500, "achieved rate " + r.requestRate());
        assertTrue(r.duration().toMillis() >= 900, "400 requests at 400/s take about a second: " + r.duration());
    }

    @Test
    void statusesOutsideTheSuccessSetAreFailuresCountedByStatus() throws Exception {
        BenchmarkResult r = Benchmark.target(server.url("/status?code=404")).concurrency(4).requests(100)
                .successStatuses("2xx,404").run();
        assertEquals(100, r.succeeded());

        BenchmarkResult failing = Benchmark.target(server.url("/status?code=503"))
                .warmup(Duration.ZERO).concurrency(4).requests(100).run();
        assertEquals(0, failing.succeeded());
        assertEquals(100, failing.failed());
        assertEquals(100L, failing.statusCounts().get(503));
        assertTrue(failing.errors().isEmpty(), "a response is not a failure kind: " + failing.errors());
        assertEquals(1.0, failing.errorRate());
    }

    @Test
    void connectionsAreCappedAtTheConcurrency() throws Exception {
        BenchmarkResult r = Benchmark.target(server.url("/delay?ms=2"))
                .warmup(Duration.ZERO).workers(3).concurrency(10).requests(500).run();

        assertEquals(500, r.succeeded());
        assertEquals(10, server.maxConnections(), "ceil(10 / 3) per worker, 10 slots in all");
    }

    @Test
    void openLoopCapsConnectionsAtTheConcurrency() throws Exception {
        BenchmarkResult r = Benchmark.target(server.url("/delay?ms=50")).warmup(Duration.ZERO).workers(2).concurrency(4)
                .rate(200).requests(100).run();

        assertEquals(100, r.succeeded());
        assertEquals(4, server.maxConnections());
        // 4 connections serve at most 80 requests/s of 50 ms: the rest waited in the client's queue,
        // and that wait is in the latency measured from the schedule
        assertTrue(r.latency().p90().compareTo(r.serviceTime().p90()) > 0, r.toString());
    }

    @Test
    void warmupRequestsReachTheServerButNotTheResult() throws Exception {
        BenchmarkResult r = Benchmark.target(server.url("/delay?ms=2")).concurrency(4).requests(200)
                .warmup(Duration.ofMillis(300)).run();

        assertEquals(200, r.sent());
        assertEquals(200, r.succeeded());
        assertTrue(server.requests() > 200, "warm-up requests were sent too: " + server.requests());
    }
}
