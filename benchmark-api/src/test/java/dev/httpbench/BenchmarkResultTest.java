package dev.httpbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchmarkResultTest {
    private final BenchmarkConfig config = Benchmark.target("http://localhost/").requests(10).build();

    @Test
    void countsAreDerivedFromStatusesAndFailures() {
        BenchmarkResult r = ResultBuilder.of(config).sent(10).duration(Duration.ofSeconds(2))
                .status(200, 6).status(503, 1).error(FailureKind.REQUEST_TIMEOUT, 3).build();
        assertEquals(6, r.succeeded());
        assertEquals(4, r.failed());
        assertEquals(3.0, r.throughput());
        assertEquals(0.4, r.errorRate());
        assertEquals(3, r.errors(FailureKind.REQUEST_TIMEOUT));
        assertEquals(0, r.errors(FailureKind.DNS));
    }

    @Test
    void countsThatDoNotAddUpAreRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ResultBuilder.of(config).sent(10).status(200, 9).build());
        assertEquals("sent (10) must equal succeeded (9) + failed (0)", e.getMessage());
    }

    @Test
    void timingIsEmptyUnlessSetAndSurvivesDerivingAResult() {
        BenchmarkResult none = ResultBuilder.of(config).build();
        assertTrue(none.timing().isEmpty());
        assertEquals(0, none.timing().ttfb().count());

        Histogram h = Histograms.newHistogram();
        h.recordValue(30_000);
        Timing timing = Timing.builder().phase(Timing.Phase.TTFB, LatencyDistribution.of(h)).build();
        BenchmarkResult derived = ResultBuilder.from(ResultBuilder.of(config).timing(timing).build())
                .warning("w").build();
        assertEquals(1, derived.timing().ttfb().count());
        assertEquals(timing.ttfb().p50(), derived.timing().phase(Timing.Phase.TTFB).p50());
        assertEquals(0, derived.timing().transfer().count());
        assertEquals(List.of("queue", "connect", "tls", "ttfb", "transfer"),
                java.util.Arrays.stream(Timing.Phase.values()).map(Timing.Phase::key).toList());
    }

    @Test
    void latencyPercentilesComeFromTheHistogramInMicroseconds() {
        Histogram h = Histograms.newHistogram();
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 1_000L); // 1..100 ms
        }
        LatencyDistribution d = LatencyDistribution.of(h);
        assertEquals(100, d.count());
        // HdrHistogram answers the highest value equivalent at 3 significant digits (within 0.1 %)
        assertEquals(50_000, d.p50().toNanos() / 1_000, 50);
        assertEquals(99_000, d.p99().toNanos() / 1_000, 99);
        assertEquals(Duration.ofMillis(1), d.min());
        assertEquals(100_000, d.max().toNanos() / 1_000, 100);
        assertEquals("percentile must be between 0 and 100 but was 101.0",
                assertThrows(IllegalArgumentException.class, () -> d.percentile(101)).getMessage());
        assertEquals(Duration.ZERO, LatencyDistribution.empty().p99());
    }

    @Test
    void intervalKeepsItsHistogramCompressedAndDecodesItBack() {
        Histogram h = Histograms.newHistogram();
        h.recordValue(1_500);
        h.recordValue(2_500);
        Interval i = Intervals.of(Instant.EPOCH, Duration.ZERO, Duration.ofMillis(500), 2, 1, h);
        assertEquals(4.0, i.throughput());
        assertEquals(h, i.latency().histogram());
        assertEquals(2, i.latencyCount());
    }

    @Test
    void textSummaryShowsPercentilesErrorsAndRate() {
        Histogram h = Histograms.newHistogram();
        h.recordValue(20_000);
        BenchmarkResult r = ResultBuilder.of(config).sent(10).duration(Duration.ofSeconds(1))
                .status(200, 8).status(500, 1).error(FailureKind.CONNECT_REFUSED, 1)
                .latency(LatencyDistribution.of(h)).warning("client CPU above 90%").build();
        String text = r.toString();
        for (String expected : List.of("1s test @ http://localhost/", "p99 20ms", "10 requests in 1s",
                "Non-success responses: 1 (500: 1)", "Errors: connect_refused 1",
                "Requests/sec: 8.00 (ok 8, failed 2, error rate 20.00%)", "WARNING: client CPU above 90%")) {
            assertTrue(text.contains(expected), "missing '" + expected + "' in\n" + text);
        }
    }

    @Test
    void textSummarySaysOneWorkerNotOneWorkers() {
        BenchmarkConfig one = Benchmark.target("http://localhost/").requests(10).workers(1).concurrency(2).build();
        String text = ResultBuilder.of(one).sent(10).duration(Duration.ofSeconds(1)).status(200, 10).build().toString();
        assertTrue(text.contains("  1 worker, 2 concurrent (closed loop)"), text);
        assertTrue(!text.contains("1 workers"), text);
    }

    @Test
    void statusCodesParseCodesRangesAndClasses() {
        StatusCodes s = StatusCodes.parse("2xx, 404,500-502");
        assertTrue(s.contains(200) && s.contains(299) && s.contains(404) && s.contains(501));
        assertTrue(!s.contains(300) && !s.contains(503));
        assertEquals("must be a comma list of status codes, ranges or classes within 100-599 "
                        + "(e.g. 200-399,404 or 2xx) but was '300-200'",
                assertThrows(IllegalArgumentException.class, () -> StatusCodes.parse("300-200")).getMessage());
    }
}
