package dev.httpbench.cli.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientStats;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.MaxRateSearch;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import dev.httpbench.system.Saturation;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The search recognizes the generator's limit by how benchmark-system words its warnings: this checks
 * that every warning saying the generator was the limit begins as {@link MaxRateSearch#GENERATOR_WARNINGS} says.
 */
class GeneratorWarningsTest {

    @Test
    void everyWarningThatTheGeneratorWasTheLimitBeginsAsTheSearchExpects() {
        BenchmarkConfig c = Benchmark.target("http://127.0.0.1:8080/").rate(1000).duration(Duration.ofSeconds(10)).build();
        Histogram latency = Histograms.newHistogram();
        latency.recordValueWithCount(10_000, 5000); // 10 ms
        Histogram lag = Histograms.newHistogram();
        lag.recordValueWithCount(5_000, 5000); // 5 ms: half of the latency is the generator's
        BenchmarkResult r = ResultBuilder.of(c).duration(Duration.ofSeconds(10)).issueDuration(Duration.ofSeconds(10))
                .sent(5000).status(200, 5000).latency(LatencyDistribution.of(latency)).sendLag(LatencyDistribution.of(lag))
                .scheduleLag(Duration.ofMillis(500), Duration.ofMillis(400))
                .client(ClientStats.builder().cpuPercent(50).workerBusyPercent(List.of(97.0)).samples(10).build())
                .build();

        List<String> warnings = Saturation.warnings(r);
        List<String> prefixes = MaxRateSearch.GENERATOR_WARNINGS;
        assertEquals(List.of(true, true, true, true), List.of(
                warnings.stream().anyMatch(w -> w.startsWith(prefixes.get(0))),
                warnings.stream().anyMatch(w -> w.startsWith(prefixes.get(1)) && w.contains("short")),
                warnings.stream().anyMatch(w -> w.startsWith(prefixes.get(1)) && w.contains("behind")),
                warnings.stream().anyMatch(w -> w.startsWith(prefixes.get(2)))), String.join("\n", warnings));
        assertTrue(warnings.stream().allMatch(w -> prefixes.stream().anyMatch(w::startsWith)
                || w.startsWith("GC pauses") || w.contains("near the limit")), String.join("\n", warnings));
    }
}
