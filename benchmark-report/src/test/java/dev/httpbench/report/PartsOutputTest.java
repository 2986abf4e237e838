package dev.httpbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.FailureKind;
import dev.httpbench.analysis.Results;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A workload's parts reach summary.json, results.csv and the text summary; a single request's output is as before. */
class PartsOutputTest {

    private static MatrixRun withParts() {
        Histogram fast = Histograms.newHistogram();
        fast.recordValueWithCount(2_000, 2); // 2 ms
        Histogram slow = Histograms.newHistogram();
        slow.recordValue(40_000);
        return Results.with(Results.run(64, 4, 1000, 20, 1), b -> {
            b.endpoint("items").sent(3).status(200, 2).error(FailureKind.REQUEST_TIMEOUT, 1).bytesReceived(20)
                    .addLatency(fast);
            b.endpoint("order").sent(1).status(500, 1).addLatency(slow);
            b.instance("http://10.0.0.1:3000").sent(2).status(200, 1).status(500, 1).addLatency(fast);
            b.instance("http://10.0.0.2:3000").sent(2).status(200, 1).error(FailureKind.REQUEST_TIMEOUT, 1);
            return b;
        });
    }

    @Test
    void summaryJsonHasAnEndpointsAndAnInstancesObjectWithCountsThatAddUp() throws Exception {
        JsonNode run = Jackson.MAPPER.readTree(ResultJson.toJsonString(withParts().result()));
        JsonNode items = run.at("/endpoints/items");
        assertEquals(3, items.at("/requests/sent").asLong());
        assertEquals(2, items.at("/requests/succeeded").asLong());
        assertEquals(1, items.at("/requests/failed").asLong());
        assertEquals(2, items.at("/status_codes/200").asLong());
        assertEquals(1, items.at("/errors/request_timeout").asLong());
        assertEquals(2.0, items.at("/latency_ms/p99").asDouble(), 0.01);
        assertEquals(2, items.at("/latency_ms/count").asLong());
        assertEquals(0.2, items.get("throughput_rps").asDouble(), 1e-9, "2 successes in 10 s");
        assertEquals(List.of("items", "order"), List.copyOf(iterable(run.get("endpoints"))));
        assertEquals(List.of("http://10.0.0.1:3000", "http://10.0.0.2:3000"), List.copyOf(iterable(run.get("instances"))));
        assertEquals(1, run.at("/instances/http:~1~110.0.0.2:3000/errors/request_timeout").asLong());
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aSingleRequestRunHasNeitherObject() throws Exception {
        JsonNode run = Jackson.MAPPER.readTree(ResultJson.toJsonString(Results.run(64, 4, 1000, 20, 1).result()));
        assertFalse(run.has("endpoints"));
        assertFalse(run.has("instances"));
    }

    @Test
    void resultsCsvFollowsEachRunWithARowPerEndpointAndPerInstance() {
        String[] lines = ResultsCsv.toCsv(List.of(withParts(), Results.run(32, 4, 1000, 20, 1))).split("\n");
        assertEquals(ResultsCsv.HEADER, lines[0]);
        assertEquals(7, lines.length);
        assertTrue(lines[1].startsWith("c64-w4-rep1,64,4,,1,10.000,") && lines[1].endsWith(",false,"), lines[1]);
        assertEquals("c64-w4-rep1,64,4,,1,10.000,3,2,1,0.333333,0.200,2.000,2.000,2.000,2.000,2.000,2.000,,,false,"
                + "endpoint items", lines[2]);
        assertTrue(lines[3].startsWith("c64-w4-rep1,64,4,,1,10.000,1,0,1,1.000000,0.000,")
                && lines[3].endsWith(",,,false,endpoint order"), lines[3]);
        assertTrue(lines[4].endsWith(",instance http://10.0.0.1:3000"), lines[4]);
        assertTrue(lines[5].endsWith(",instance http://10.0.0.2:3000"), lines[5]);
        assertTrue(lines[6].startsWith("c32-w4-rep1,") && lines[6].endsWith(",false,"), lines[6]);
        for (String line : lines) {
            assertEquals(ResultsCsv.HEADER.split(",", -1).length, line.split(",", -1).length, line);
        }
    }

    @Test
    void theTextSummaryHasAShortTablePerEndpointAndPerInstance() {
        String text = withParts().result().toString();
        assertTrue(text.contains("""
                  Endpoint  sent  ok  failed  req/s   p50   p99   max
                  items        3   2       1   0.20   2ms   2ms   2ms
                  order        1   0       1   0.00  40ms  40ms  40ms
                """), text);
        assertTrue(text.contains("  Instance              sent  ok  failed  req/s  p50  p99  max\n"), text);
    }

    @Test
    void aPartWhoseCountsDoNotAddUpIsRefused() {
        ResultBuilder b = ResultBuilder.from(Results.run(64, 4, 1000, 20, 1).result());
        b.endpoint("items").sent(2).status(200, 1);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, b::build);
        assertEquals("endpoint items: sent (2) must equal succeeded (1) + failed (0)", e.getMessage());
    }
}
