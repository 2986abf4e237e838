package dev.httpbench.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fluent assertions judge constructed results and say exactly what was wrong. */
class BenchmarkAssertionsTest {
    private static final String FIGURES = """
            run: GET http://127.0.0.1:8080/health workers=2 concurrency=4 requests=2000
              throughput 995.00 req/s over 2s
              latency p50 10ms, p90 10ms, p99 10ms, p99.9 200ms, max 200ms (2000 samples)
              requests 2000 sent, 1990 succeeded, 10 failed (error rate 0.50%); statuses 200=1990, 500=10; errors none
            """;

    /** 2000 responses in 2 s, 10 of them 500; 1980 took 10 ms and 20 took 200 ms. */
    private static BenchmarkResult result() {
        BenchmarkConfig config = Benchmark.target("http://127.0.0.1:8080/health").workers(2).concurrency(4)
                .requests(2000).build();
        Histogram h = Histograms.newHistogram();
        h.recordValueWithCount(10_000, 1980);
        h.recordValueWithCount(200_000, 20);
        return ResultBuilder.of(config).startedAt(Instant.parse("2026-11-29T10:00:00Z"))
                .duration(Duration.ofSeconds(2)).sent(2000).status(200, 1990).status(500, 10)
                .latency(LatencyDistribution.of(h)).build();
    }

    @Test
    void passesWhenEveryThresholdIsMet() {
        BenchmarkAssertions.assertThat(result())
                .hasThroughputAtLeast(995)
                .hasP50AtMost(Duration.ofMillis(11))
                .hasP90AtMost(Duration.ofMillis(11))
                .hasP99AtMost(Duration.ofMillis(11))
                .hasMaxLatencyAtMost(Duration.ofMillis(201))
                .hasErrorRateAtMost(0.005)
                .assertAll();
    }

    @Test
    void failFastMessageShowsMeasuredAndExpectedValuesAndTheRunsFigures() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> BenchmarkAssertions.assertThat(result()).hasP99AtMost(Duration.ofMillis(20))
                        .hasThroughputAtLeast(2500).hasErrorRateAtMost(0.01));

        assertEquals("benchmark threshold not met: 1 of 1 thresholds violated\n"
                + "  violated: throughput 995.00 req/s, expected at least 2500.00 req/s\n" + FIGURES, e.getMessage());
    }

    @Test
    void softModeCollectsAndAssertAllListsEveryViolationFirst() {
        ResultAssert soft = BenchmarkAssertions.assertSoftly(result())
                .hasThroughputAtLeast(2500)
                .hasP99AtMost(Duration.ofMillis(5))
                .hasPercentileAtMost(99.9, Duration.ofMillis(300))
                .hasErrorRateAtMost(0.001)
                .hasP50AtMost(Duration.ofMillis(50));

        AssertionFailedError e = assertThrows(AssertionFailedError.class, soft::assertAll);

        assertEquals("benchmark thresholds not met: 3 of 5 thresholds violated, 1 inconclusive (failing)\n"
                + "  violated: throughput 995.00 req/s, expected at least 2500.00 req/s\n"
                + "  violated: p99 10ms, expected at most 5ms\n"
                + "  violated: error rate 0.50% (10 of 2000 requests failed), expected at most 0.10%\n"
                + "  inconclusive: p99.9 not judged (limit 300ms): it needs at least 10000 latency samples but the"
                + " run recorded 2000\n"
                + "  passed: p50 10ms, expected at most 50ms\n" + FIGURES, e.getMessage());
    }

    @Test
    void aPercentileOnTooFewSamplesFailsAsInconclusiveUnlessIgnored() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> BenchmarkAssertions.assertThat(result()).hasP999AtMost(Duration.ofSeconds(1)));
        assertEquals("benchmark threshold not met: 0 of 1 thresholds violated, 1 inconclusive (failing)\n"
                + "  inconclusive: p99.9 not judged (limit 1s): it needs at least 10000 latency samples but the run"
                + " recorded 2000\n" + FIGURES, e.getMessage());

        BenchmarkAssertions.assertThat(result()).ignoringInconclusive().hasP999AtMost(Duration.ofSeconds(1))
                .assertAll();
    }

    @Test
    void anErrorRateOnARunThatSentNothingIsInconclusive() {
        BenchmarkConfig config = Benchmark.target("http://127.0.0.1:8080/").requests(10).build();
        BenchmarkResult empty = ResultBuilder.of(config).duration(Duration.ofSeconds(1))
                .error(FailureKind.CONNECT_REFUSED, 0).build();

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> BenchmarkAssertions.assertThat(empty).hasNoErrors());

        assertEquals("  inconclusive: error rate not judged (limit 0.00%): the run sent no request",
                e.getMessage().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void badArgumentsAreRejectedWithTheRuleAndTheValue() {
        ResultAssert a = BenchmarkAssertions.assertSoftly(result());
        assertEquals("minimum throughput must be >= 0 req/s but was -1.0",
                assertThrows(IllegalArgumentException.class, () -> a.hasThroughputAtLeast(-1)).getMessage());
        assertEquals("percentile must be between 0 and 100 but was 101.0",
                assertThrows(IllegalArgumentException.class,
                        () -> a.hasPercentileAtMost(101, Duration.ofMillis(1))).getMessage());
        assertEquals("p99 limit must be > 0s but was 0s",
                assertThrows(IllegalArgumentException.class, () -> a.hasP99AtMost(Duration.ZERO)).getMessage());
        assertEquals("maximum error rate must be between 0 and 1 but was 1.5",
                assertThrows(IllegalArgumentException.class, () -> a.hasErrorRateAtMost(1.5)).getMessage());
        a.assertAll(); // nothing was recorded by the rejected calls
    }
}
