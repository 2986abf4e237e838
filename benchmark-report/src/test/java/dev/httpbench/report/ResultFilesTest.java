package dev.httpbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    private static BenchmarkResult sample() {
        BenchmarkConfig c = Benchmark.target("http://localhost:3000/api").workers(2).concurrency(8).rate(100)
                .requests(30).build();
        List<Interval> timeline = new ArrayList<>();
        Histogram total = Histograms.newHistogram();
        Instant start = Instant.parse("2026-11-29T08:15:00Z");
        for (int s = 0; s < 3; s++) {
            Histogram h = Histograms.newHistogram();
            for (int i = 0; i < 9; i++) {
                h.recordValue(1_000L * (s + 1) + i * 100L);
            }
            total.add(h);
            timeline.add(Intervals.of(start.plusSeconds(s), Duration.ofSeconds(s), Duration.ofSeconds(1), 9, 1, h));
        }
        return ResultBuilder.of(c).startedAt(start).duration(Duration.ofSeconds(3)).sent(30)
                .status(200, 27).status(503, 1).error(FailureKind.REQUEST_TIMEOUT, 2)
                .latency(LatencyDistribution.of(total)).timeline(timeline).build();
    }

    @Test
    void resultJsonHoldsTheSummaryRunFields() {
        JsonNode run = ResultJson.toJson(sample());
        assertEquals(8, run.get("concurrency").asInt());
        assertEquals(2, run.get("workers").asInt());
        assertEquals(100.0, run.get("rate_rps").asDouble());
        assertEquals(30, run.at("/requests/sent").asLong());
        assertEquals(27, run.at("/requests/succeeded").asLong());
        assertEquals(3, run.at("/requests/failed").asLong());
        assertEquals(9.0, run.get("throughput_rps").asDouble());
        assertEquals(List.of("min", "mean", "p50", "p90", "p99", "p999", "max", "stdev", "count"),
                fieldNames(run.get("latency_ms")));
        assertEquals(1, run.at("/status_codes/503").asLong());
        assertEquals(2, run.at("/errors/request_timeout").asLong());
        assertTrue(run.get("client").isNull());
        assertEquals(3, run.get("timeline").size());
        assertEquals(false, run.get("interrupted").asBoolean());
    }

    @Test
    void hdrLogReadsBackAsTheTimelineHistograms(@TempDir Path dir) throws Exception {
        BenchmarkResult r = sample();
        Path log = dir.resolve("run.hlog");
        HdrLog.write(r, log);

        List<Histogram> read = new ArrayList<>();
        try (InputStream in = new FileInputStream(log.toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            Histogram h;
            while ((h = (Histogram) reader.nextIntervalHistogram()) != null) {
                read.add(h);
            }
        }
        assertEquals(r.timeline().size(), read.size());
        Histogram merged = Histograms.newHistogram();
        for (int i = 0; i < read.size(); i++) {
            assertEquals(r.timeline().get(i).latency().histogram(), read.get(i));
            merged.add(read.get(i));
        }
        assertEquals(r.latency().histogram(), merged);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
