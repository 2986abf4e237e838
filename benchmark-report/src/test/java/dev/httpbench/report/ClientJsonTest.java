package dev.httpbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientSample;
import dev.httpbench.ClientStats;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's own cost in the run JSON and in the text summary. */
class ClientJsonTest {

    @Test
    void clientFiguresAndPerIntervalSamplesAreWritten() {
        BenchmarkConfig c = Benchmark.target("http://localhost:3000/").concurrency(4).requests(10).build();
        ClientSample sample = ClientSample.builder(Duration.ofMillis(1_000), Duration.ofSeconds(1)).cpuPercent(42.5)
                .cpuMicrosPerRequest(120.25).rssBytes(64L * 1024 * 1024).heapUsedBytes(32L * 1024 * 1024).threads(40)
                .openFiles(120).systemCpuPercent(55.5).tcpEstablished(4).tcpTimeWait(2).gcPause(Duration.ofMillis(12))
                .workerBusyPercent(List.of(30.5, 20.25)).build();
        Interval withSample = Intervals.withClient(Intervals.of(Instant.EPOCH, Duration.ZERO, Duration.ofSeconds(1),
                10, 0, Histograms.newHistogram()), sample);
        Interval without = Intervals.of(Instant.EPOCH.plusSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                0, 0, Histograms.newHistogram());
        ClientStats stats = ClientStats.builder().cpuPercent(42.5).cpuPeakPercent(60).cpuMicrosPerRequest(120.25)
                .rssPeakBytes(64L * 1024 * 1024).heapPeakBytes(32L * 1024 * 1024).threadsPeak(40).systemCpuPercent(55.5)
                .openFilesPeak(130).openFilesLimit(1_048_576).tcpEstablishedPeak(4).tcpTimeWaitPeak(2)
                .gcPauseTotal(Duration.ofMillis(12)).gcPauseMaxPercent(1.2).workerBusyPercent(List.of(31.0, 19.5))
                .workerBusyPeakPercent(44.5).samples(2).build();
        BenchmarkResult r = ResultBuilder.of(c).duration(Duration.ofSeconds(2)).sent(10).status(200, 10)
                .timeline(List.of(withSample, without)).client(stats)
                .warning("the generator's CPU averaged 95.0 % of its cores").build();

        JsonNode run = ResultJson.toJson(r);
        assertEquals(42.5, run.at("/client/cpu_percent").asDouble());
        assertEquals(60.0, run.at("/client/cpu_peak_percent").asDouble());
        assertEquals(120.25, run.at("/client/cpu_us_per_request").asDouble());
        assertEquals(64.0, run.at("/client/rss_peak_mb").asDouble());
        assertEquals(32.0, run.at("/client/heap_peak_mb").asDouble());
        assertEquals(40, run.at("/client/threads_peak").asInt());
        assertEquals(55.5, run.at("/client/system_cpu_percent").asDouble());
        assertEquals(130, run.at("/client/open_files_peak").asLong());
        assertEquals(1_048_576, run.at("/client/open_files_limit").asLong());
        assertEquals(2, run.at("/client/tcp_time_wait_peak").asInt());
        assertEquals(12.0, run.at("/client/gc_pause_ms").asDouble());
        assertEquals(2, run.at("/client/samples").asInt());
        assertEquals(31.0, run.at("/client/worker_busy_percent/0").asDouble());
        assertEquals(19.5, run.at("/client/worker_busy_percent/1").asDouble());
        assertEquals(44.5, run.at("/client/worker_busy_peak_percent").asDouble());
        assertEquals(20.25, run.at("/timeline/0/client/worker_busy_percent/1").asDouble());
        assertEquals(42.5, run.at("/timeline/0/client/cpu_percent").asDouble());
        assertEquals(120, run.at("/timeline/0/client/open_files").asLong());
        assertEquals(4, run.at("/timeline/0/client/tcp_established").asInt());
        assertTrue(run.at("/timeline/1/client").isNull());
        assertEquals("the generator's CPU averaged 95.0 % of its cores", run.at("/warnings/0").asText());

        String text = r.toString();
        assertTrue(text.contains("Client: CPU 42.5% of cores (peak 60.0%), 120.3us/request, RSS peak 64.00MB, "
                + "heap peak 32.00MB, threads peak 40, busiest worker 31.0%"), text);
    }

    @Test
    void aNewBuilderLeavesEveryFigureUnknown() {
        ClientStats s = ClientStats.builder().build();
        assertEquals(-1, s.cpuPercent());
        assertEquals(-1, s.openFilesPeak());
        assertEquals(-1, s.tcpTimeWaitPeak());
        assertEquals(-1, s.workerBusyMaxPercent());
        assertEquals(Duration.ZERO, s.gcPauseTotal());
        assertEquals(0, s.samples());
        assertEquals(s, s.toBuilder().build());
    }
}
