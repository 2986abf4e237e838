package dev.httpbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Stage;
import dev.httpbench.Timing;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What the run JSON says about stages, the generator's send lag, connections and the warm-up. */
class ResultJsonTest {

    @Test
    void stagesAreWrittenWithTheirRatesAndLengths() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").concurrency(4)
                .stages(Stage.ramp(0, 200, Duration.ofSeconds(1)), Stage.constant(200, Duration.ofSeconds(1))).build();
        JsonNode json = ResultJson.toJson(ResultBuilder.of(c).duration(Duration.ofSeconds(2)).build());
        assertEquals(2, json.get("stages").size());
        assertEquals(0.0, json.at("/stages/0/from_rps").asDouble());
        assertEquals(200.0, json.at("/stages/0/to_rps").asDouble());
        assertEquals(1.0, json.at("/stages/1/duration_s").asDouble());
    }

    @Test
    void sendLagConnectionsAndTheWarmupTakenAreWritten() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").concurrency(4).requests(3).build();
        BenchmarkResult r = ResultBuilder.of(c).duration(Duration.ofSeconds(1)).sent(3).status(200, 2)
                .error(FailureKind.PROTOCOL, 1).sendLag(micros(10, 20, 3_000)).connectTime(micros(150, 250))
                .connectionsOpened(5).reconnects(1).warmupTaken(Duration.ofMillis(2_500)).build();
        JsonNode json = ResultJson.toJson(r);
        assertEquals(3, json.at("/send_lag_ms/count").asLong());
        assertEquals(3.0, json.at("/send_lag_ms/max").asDouble(), 0.01);
        assertEquals(5, json.at("/connections/opened").asLong());
        assertEquals(1, json.at("/connections/reconnects").asLong());
        assertEquals(2, json.at("/connections/connect_ms/count").asLong());
        assertEquals(2.5, json.at("/warmup_s").asDouble());
        assertTrue(json.at("/warmup_automatic").asBoolean());
        assertEquals(1, json.at("/errors/protocol").asLong());

        String text = r.toString();
        assertTrue(text.contains("warm-up 2.5s (automatic)"), text);
        assertTrue(text.contains("Send lag p50 20us  p99 3ms  max 3ms (the generator's own delay)"), text);
        assertTrue(text.contains("Connections 5 opened, 1 reconnects, connect p50 150us  p99 250us"), text);
        assertTrue(text.contains("Errors: protocol 1"), text);
    }

    @Test
    void timingIsWrittenPhaseByPhaseWithTheLatencyKeysAndACountAndSummarizedOnOneLine() {
        BenchmarkConfig c = Benchmark.target("https://localhost/").concurrency(2).requests(3).build();
        Timing timing = Timing.builder().connect(micros(100, 300)).tls(micros(2_000, 4_000))
                .ttfb(micros(30_000, 31_000, 32_000)).transfer(micros(40_000, 40_000, 41_000)).build();
        BenchmarkResult r = ResultBuilder.of(c).duration(Duration.ofSeconds(1)).sent(3).status(200, 3)
                .connectionsOpened(2).timing(timing).build();
        JsonNode json = ResultJson.toJson(r);

        for (String phase : new String[] {"queue", "connect", "tls", "ttfb", "transfer"}) {
            JsonNode p = json.at("/timing_ms/" + phase);
            for (String key : new String[] {"min", "mean", "p50", "p90", "p99", "p999", "max", "stdev", "count"}) {
                assertTrue(p.has(key), phase + " lacks " + key + ": " + p);
            }
        }
        assertEquals(0, json.at("/timing_ms/queue/count").asLong());
        assertEquals(2, json.at("/timing_ms/connect/count").asLong());
        assertEquals(2, json.at("/timing_ms/tls/count").asLong());
        assertEquals(3, json.at("/timing_ms/ttfb/count").asLong());
        assertEquals(31.0, json.at("/timing_ms/ttfb/p50").asDouble(), 0.05);
        assertEquals(40.0, json.at("/timing_ms/transfer/p50").asDouble(), 0.05);
        assertEquals(4.0, json.at("/timing_ms/tls/max").asDouble(), 0.01);

        String text = r.toString();
        assertTrue(text.contains("  Timing p50 / p99: connect 100us / 300us, tls 2ms / 4ms, ttfb 31ms / 32ms, "
                + "transfer 40ms / 41ms\n"), text);
    }

    @Test
    void aResultWithoutTimingWritesEmptyPhasesAndNoTimingLine() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").requests(1).build();
        BenchmarkResult r = ResultBuilder.of(c).duration(Duration.ofSeconds(1)).sent(1).status(200, 1).build();
        JsonNode json = ResultJson.toJson(r);
        assertEquals(0, json.at("/timing_ms/ttfb/count").asLong());
        assertEquals(0.0, json.at("/timing_ms/ttfb/p99").asDouble());
        assertFalse(r.toString().contains("Timing"), r.toString());
    }

    @Test
    void aFixedWarmupIsNotAutomatic() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").warmup(Duration.ZERO).build();
        JsonNode json = ResultJson.toJson(ResultBuilder.of(c).duration(Duration.ofSeconds(1)).build());
        assertFalse(json.at("/warmup_automatic").asBoolean());
        assertEquals(0.0, json.at("/warmup_s").asDouble());
        assertEquals(0, json.at("/send_lag_ms/count").asLong());
    }

    @Test
    void timelineEntriesCarryEveryPerIntervalFigureAndNullForWhatWasNotRecorded() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").concurrency(4)
                .stages(Stage.ramp(0, 200, Duration.ofSeconds(1)), Stage.constant(200, Duration.ofSeconds(1))).build();
        java.time.Instant t0 = java.time.Instant.EPOCH;
        var full = dev.httpbench.spi.Intervals.builder(t0, Duration.ofMillis(500), Duration.ofMillis(500))
                .succeeded(3).failed(1).latency(micros(1_000, 2_000, 3_000, 4_000).histogram())
                .serviceTime(micros(500, 900, 1_200, 1_500).histogram()).sendLag(micros(10, 30).histogram()).sent(5)
                .status(200, 3).error(FailureKind.REQUEST_TIMEOUT, 1).bytesReceived(3_072).inFlight(2).build();
        var bare = dev.httpbench.spi.Intervals.of(t0.plusSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500),
                2, 0, micros(1_000, 1_000).histogram());
        JsonNode json = ResultJson.toJson(ResultBuilder.of(c).duration(Duration.ofSeconds(2)).sent(6).status(200, 5)
                .error(FailureKind.REQUEST_TIMEOUT, 1).timeline(java.util.List.of(full, bare)).build());
        JsonNode first = json.at("/timeline/0");
        assertEquals(5, first.get("sent").asLong());
        // the ramp from 0 to 200 req/s over 1 s plans 150 req/s on average in its second half
        assertEquals(150.0, first.get("planned_rate_rps").asDouble(), 1e-6);
        assertEquals(3, first.at("/status_codes/200").asLong());
        assertEquals(1, first.at("/errors/request_timeout").asLong());
        assertEquals(3_072, first.get("bytes_received").asLong());
        assertEquals(2, first.get("in_flight").asLong());
        assertEquals(1.5, first.at("/service_time_ms/max").asDouble(), 0.01);
        assertEquals(0.03, first.at("/send_lag_ms/p99").asDouble(), 0.001);
        JsonNode second = json.at("/timeline/1");
        assertEquals(200.0, second.get("planned_rate_rps").asDouble(), 1e-6);
        for (String unrecorded : java.util.List.of("sent", "status_codes", "errors", "bytes_received", "in_flight",
                "service_time_ms", "send_lag_ms")) {
            assertTrue(second.get(unrecorded).isNull(), unrecorded + " is not recorded but was " + second.get(unrecorded));
        }
    }

    private static LatencyDistribution micros(long... values) {
        Histogram h = Histograms.newHistogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return LatencyDistribution.of(h);
    }
}
