package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientSample;
import dev.httpbench.ClientStats;
import dev.httpbench.Interval;
import dev.httpbench.testsupport.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The figures the event-loop engine adds to a result: send lag, connections, per-worker busy figures,
 * the automatic warm-up. Values are checked for consistency, never for speed.
 */
@Timeout(60)
class EngineFiguresTest {

    @Test
    void theTimelinesIntervalsCarryTheBreakdownAndAddUpToTheRunsTotals() throws Exception {
        try (TestServer server = new TestServer()) {
            // every fifth answer a 503, 2 ms each: a run of about half a second, several 100 ms intervals
            BenchmarkResult r = Benchmark.target(server.url("/flaky?every=5&code=503&ms=2")).warmup(Duration.ZERO)
                    .workers(2).concurrency(4).requests(600).reportInterval(Duration.ofMillis(100)).run();

            assertTrue(r.timeline().size() > 1, "intervals: " + r.timeline().size());
            long sent = 0;
            long bytes = 0;
            long succeeded = 0;
            long failed = 0;
            Map<Integer, Long> statuses = new TreeMap<>();
            for (Interval i : r.timeline()) {
                sent += i.sent().orElseThrow();
                bytes += i.bytesReceived().orElseThrow();
                succeeded += i.succeeded();
                failed += i.failed();
                i.statusCounts().forEach((status, n) -> statuses.merge(status, n, Long::sum));
                assertTrue(i.inFlight().orElseThrow() >= 0 && i.inFlight().orElseThrow() <= 4, i.toString());
                assertTrue(i.serviceTime().isPresent(), "service time per interval");
            }
            assertEquals(r.sent(), sent);
            assertEquals(r.bytesReceived(), bytes);
            assertEquals(r.succeeded(), succeeded);
            assertEquals(r.failed(), failed);
            assertEquals(r.statusCounts(), statuses);
            assertEquals(120, statuses.get(503));
            assertEquals(0, r.timeline().get(r.timeline().size() - 1).inFlight().orElseThrow(),
                    "nothing in flight once the run has ended");
        }
    }

    @Test
    void openLoopRecordsTheSendLagOfEveryMeasuredRequestWithinItsLatency() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/ok")).warmup(Duration.ZERO).workers(2).concurrency(8)
                    .rate(400).requests(400).run();

            assertEquals(400, r.succeeded(), r.toString());
            assertEquals(400, r.sendLag().count(), "one send lag per measured request");
            // the lag is part of the latency, request by request
            assertTrue(r.sendLag().max().compareTo(r.latency().max()) <= 0,
                    r.sendLag().max() + " vs " + r.latency().max());
            assertTrue(r.sendLag().p50().compareTo(r.latency().p50()) <= 0);
        }
    }

    @Test
    void anArrivalThatWaitsForABusyConnectionHasTheWaitInItsSendLag() throws Exception {
        try (TestServer server = new TestServer()) {
            // one connection, 50 ms per response, an arrival every 10 ms: the second waits >= 40 ms
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=50")).warmup(Duration.ZERO).workers(1)
                    .concurrency(1).rate(100).requests(10).run();

            assertEquals(10, r.succeeded(), r.toString());
            assertEquals(10, r.sendLag().count());
            assertTrue(r.sendLag().max().compareTo(Duration.ofMillis(40)) >= 0, "send lag " + r.sendLag().max());
        }
    }

    @Test
    void closedLoopWritesEachRequestTheMomentItsConnectionIsFree() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/ok")).warmup(Duration.ZERO).workers(2).concurrency(4)
                    .requests(500).run();

            assertEquals(500, r.sendLag().count());
            assertEquals(Duration.ZERO, r.sendLag().max());
        }
    }

    @Test
    void eachWorkerRecordsItsOwnShareAndTheResultAddsThemUp() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/flaky?every=3&code=503")).warmup(Duration.ZERO)
                    .workers(3).concurrency(9).requests(3_001).run();

            assertEquals(3_001, r.sent());
            assertEquals(server.requests(), r.sent());
            assertEquals(r.sent(), r.succeeded() + r.failed());
            assertEquals(r.statusCounts().get(503), r.failed());
            assertEquals(r.sent(), r.latency().count(), "every worker's histogram is in the merged one");
            assertEquals(r.sent(), r.serviceTime().count());
            assertEquals(9, r.connectionsOpened(), "3 workers with 3 connections each");
            assertEquals(9, r.connectTime().count());
            assertEquals(0, r.reconnects());
        }
    }

    @Test
    void eachWorkerThreadHasItsBusyFigure() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=2")).warmup(Duration.ZERO).workers(2)
                    .concurrency(8).duration(Duration.ofMillis(1_500)).monitorInterval(Duration.ofMillis(500)).run();

            ClientStats client = r.client().orElseThrow();
            assertEquals(2, client.workerBusyPercent().size(), client.toString());
            for (double busy : client.workerBusyPercent()) {
                assertTrue(busy > 0 && busy <= 100, "each worker did some work: " + client.workerBusyPercent());
            }
            ClientSample sample = r.timeline().stream().flatMap(i -> i.client().stream()).findFirst().orElseThrow();
            assertEquals(2, sample.workerBusyPercent().size(), sample.toString());
        }
    }

    @Test
    void theAutomaticWarmupSendsUnrecordedLoadAndSaysHowLongItTook() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/ok")).workers(1).concurrency(4).requests(300).run();

            assertEquals(300, r.sent());
            assertEquals(300, r.succeeded());
            assertTrue(server.requests() > 300, "warm-up requests reached the server too: " + server.requests());
            assertTrue(r.warmupTaken().compareTo(Duration.ZERO) > 0
                    && r.warmupTaken().compareTo(BenchmarkConfig.MAX_AUTOMATIC_WARMUP.plusSeconds(1)) <= 0,
                    "warm-up " + r.warmupTaken());
        }
    }

    @Test
    void aFixedWarmupIsReportedAsSet() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/ok")).warmup(Duration.ofMillis(200)).workers(1)
                    .concurrency(2).requests(50).run();

            assertEquals(Duration.ofMillis(200), r.warmupTaken());
        }
    }
}
