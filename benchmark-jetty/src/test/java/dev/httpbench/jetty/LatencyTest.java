package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.testsupport.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Latencies are measured, not guessed, and open loop is corrected for coordinated omission. */
@Timeout(60)
class LatencyTest {

    @Tag("timing") // the machine's scheduling shapes it
    @Test
    void medianOfAFixed20msEndpointLiesBetween20And25ms() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=20")).workers(2).concurrency(4)
                    .requests(200).run();

            Duration p50 = r.latency().p50();
            assertTrue(p50.compareTo(Duration.ofMillis(20)) >= 0 && p50.compareTo(Duration.ofMillis(25)) <= 0,
                    "p50 " + p50 + "\n" + r);
            assertTrue(r.latency().min().compareTo(Duration.ofMillis(20)) >= 0, "min " + r.latency().min());
        }
    }

    /**
     * Coordinated omission. The server answers at once, except for one full second in the middle of the
     * run during which it holds every response.
     *
     * <p>Open loop at 200 requests/s keeps issuing during the stall, as real users would: about 200
     * requests arrive during it and wait up to a second each, and their latency is measured from when
     * they were scheduled. About a third of the 600 requests are slow, so the corrected p99 shows the
     * stall. A closed loop with 4 requests in flight instead stops sending while the server is stalled:
     * only the 4 requests in flight at that moment are slow, and the thousands of fast requests around
     * them hide the stall — which is exactly how a closed-loop tool under-reports.
     */
    @Tag("timing") // the machine's scheduling shapes it
    @Test
    void openLoopShowsAServerStallThatClosedLoopHides() throws Exception {
        BenchmarkResult open;
        try (TestServer server = new TestServer()) {
            server.stallAfter(200); // about one second into the run
            open = Benchmark.target(server.url("/stall"))
                    .warmup(Duration.ZERO).workers(2).concurrency(16).rate(200).requests(600).run();
        }
        BenchmarkResult closed;
        try (TestServer server = new TestServer()) {
            server.stallAfter(200);
            closed = Benchmark.target(server.url("/stall"))
                    .warmup(Duration.ZERO).workers(2).concurrency(4).requests(3_000).run();
        }

        assertEquals(600, open.succeeded());
        assertTrue(open.latency().p99().compareTo(Duration.ofMillis(700)) >= 0, "open p99\n" + open);
        long openSlow = slowerThan(open, Duration.ofMillis(300));
        long closedSlow = slowerThan(closed, Duration.ofMillis(300));
        assertTrue(openSlow >= 100, "open loop slow requests: " + openSlow + "\n" + open);
        assertTrue(closedSlow <= 4, "closed loop slow requests: " + closedSlow + "\n" + closed);
        assertTrue(closed.latency().p99().compareTo(Duration.ofMillis(100)) < 0, "closed p99\n" + closed);
        // the service time (from when a request began on a connection) is recorded separately
        assertTrue(open.serviceTime().count() == open.latency().count());
        assertTrue(open.serviceTime().p50().compareTo(open.latency().p50()) <= 0);
    }

    private static long slowerThan(BenchmarkResult r, Duration limit) {
        long micros = limit.toNanos() / 1_000;
        return r.latency().count() - r.latency().histogram().getCountBetweenValues(0, micros);
    }
}
