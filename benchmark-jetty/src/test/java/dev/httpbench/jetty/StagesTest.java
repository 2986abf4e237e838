package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.Interval;
import dev.httpbench.Stage;
import dev.httpbench.testsupport.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An open-loop load profile: the arrival rate follows the stages, and every request is counted. */
@Timeout(60)
class StagesTest {

    @Tag("timing") // the machine's scheduling shapes it
    @Test
    void rampThenHoldIssuesWhatTheStagesPlanWhenTheyPlanIt() throws Exception {
        try (TestServer server = new TestServer()) {
            // 0 -> 200 req/s over 1 s plans 100 requests, the hold at 200 req/s for 1 s 200 more
            BenchmarkResult r = Benchmark.target(server.url("/ok")).warmup(Duration.ZERO).workers(2).concurrency(8)
                    .stages(Stage.ramp(0, 200, Duration.ofSeconds(1)), Stage.constant(200, Duration.ofSeconds(1)))
                    .run();

            assertEquals(300, r.sent(), r.toString());
            assertEquals(server.requests(), r.sent());
            assertEquals(300, r.succeeded());
            List<Interval> full = r.timeline().stream().filter(i -> i.length().toMillis() >= 900).toList();
            assertTrue(full.size() >= 2, r.timeline().toString());
            // about 100 completions during the ramp's second and 200 during the hold's
            assertEquals(100, full.get(0).succeeded(), 15, r.timeline().toString());
            assertEquals(200, full.get(1).succeeded(), 15, r.timeline().toString());
            assertTrue(r.toString().contains("open loop in 2 stages up to 200.00 req/s"), r.toString());
            assertTrue(r.warnings().stream().noneMatch(w -> w.startsWith("open loop fell short")), r.warnings().toString());
        }
    }
}
