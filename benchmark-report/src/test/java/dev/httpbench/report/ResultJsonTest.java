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
    void aFixedWarmupIsNotAutomatic() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").warmup(Duration.ZERO).build();
        JsonNode json = ResultJson.toJson(ResultBuilder.of(c).duration(Duration.ofSeconds(1)).build());
        assertFalse(json.at("/warmup_automatic").asBoolean());
        assertEquals(0.0, json.at("/warmup_s").asDouble());
        assertEquals(0, json.at("/send_lag_ms/count").asLong());
    }

    private static LatencyDistribution micros(long... values) {
        Histogram h = Histograms.newHistogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return LatencyDistribution.of(h);
    }
}
