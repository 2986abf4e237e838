package dev.httpbench.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Request;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fluent assertions judge one endpoint of a workload when asked, and name it in every message. */
class EndpointAssertionsTest {

    /** 2000 items at 10 ms and 100 orders at 300 ms (10 of them 500) in 2 s. */
    private static BenchmarkResult result() {
        BenchmarkConfig config = Benchmark.target("http://127.0.0.1:8080").workers(2).concurrency(4).requests(2100)
                .endpoint("items", Request.get("/items").weight(20)).endpoint("order", Request.post("/orders"))
                .build();
        Histogram items = Histograms.newHistogram();
        items.recordValueWithCount(10_000, 2000);
        Histogram orders = Histograms.newHistogram();
        orders.recordValueWithCount(300_000, 100);
        Histogram all = items.copy();
        all.add(orders);
        ResultBuilder b = ResultBuilder.of(config).startedAt(Instant.parse("2026-11-29T10:00:00Z"))
                .duration(Duration.ofSeconds(2)).sent(2100).status(200, 2090).status(500, 10)
                .latency(LatencyDistribution.of(all));
        b.endpoint("items").sent(2000).status(200, 2000).addLatency(items);
        b.endpoint("order").sent(100).status(200, 90).status(500, 10).addLatency(orders);
        return b.build();
    }

    @Test
    void anEndpointsThresholdsJudgeItsOwnFigures() {
        BenchmarkAssertions.assertThat(result())
                .hasP99AtMost(Duration.ofMillis(301))
                .endpoint("items").hasP99AtMost(Duration.ofMillis(11)).hasNoErrors().hasThroughputAtLeast(1000)
                .endpoint("order").hasMaxLatencyAtMost(Duration.ofMillis(301)).hasErrorRateAtMost(0.1);
    }

    @Test
    void aViolationNamesTheEndpoint() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> BenchmarkAssertions.assertThat(result()).endpoint("order").hasMaxLatencyAtMost(Duration.ofMillis(200)));
        assertTrue(e.getMessage().startsWith(
                "benchmark threshold not met: endpoint order: p100 300ms, expected at most 200ms\n"), e.getMessage());
    }

    @Test
    void softModeListsTheEndpointsViolationsWithTheRunsOwn() {
        ResultAssert soft = BenchmarkAssertions.assertSoftly(result());
        soft.hasThroughputAtLeast(2000).endpoint("order").hasErrorRateAtMost(0.01);
        soft.endpoint("search").hasP50AtMost(Duration.ofSeconds(1));

        AssertionFailedError e = assertThrows(AssertionFailedError.class, soft::assertAll);

        assertTrue(e.getMessage().startsWith("benchmark thresholds not met: 3 of 3 thresholds violated\n"
                + "  violated: throughput 1045.00 req/s, expected at least 2000.00 req/s\n"
                + "  violated: endpoint order: error rate 10.00% (10 of 100 requests failed), expected at most 1.00%\n"
                + "  violated: endpoint search: the run has no such endpoint (it has items, order)\n"), e.getMessage());
    }

    @Test
    void anEndpointsPercentileOnTooFewSamplesIsInconclusive() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> BenchmarkAssertions.assertThat(result()).endpoint("order").hasP99AtMost(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("endpoint order: p99 not judged (limit 1s): it needs at least 1000 latency "
                + "samples but the run recorded 100"), e.getMessage());
        assertEquals(100, result().endpoints().get("order").latency().count());
    }
}
