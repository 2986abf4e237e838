package dev.httpbench.jetty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientStats;
import dev.httpbench.jetty.internal.Saturation.Figures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each warning from a constructed situation, and silence when the figures are fine or unknown. */
class SaturationTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    /** A closed-loop run where everything is well within its limits. */
    private static Figures healthy() {
        return new Figures(8, 60, 0, 0, Duration.ZERO, Duration.ZERO, 1, SECOND, 300, 1024, 10, 28_232);
    }

    @Test
    void healthyFiguresGiveNoWarning() {
        assertEquals(List.of(), Saturation.warnings(healthy()));
    }

    @Test
    void unknownFiguresNeverWarn() {
        assertEquals(List.of(), Saturation.warnings(
                new Figures(8, -1, 0, 0, Duration.ZERO, Duration.ZERO, -1, SECOND, -1, -1, -1, -1)));
        assertEquals(List.of(), Saturation.warnings(
                new Figures(8, 50, 0, 0, Duration.ZERO, Duration.ZERO, 0, SECOND, 5_000, -1, 30_000, -1)));
    }

    @Test
    void cpuAbove90PercentOfTheCoresMeansClientBound() {
        Figures f = new Figures(8, 93.44, 0, 0, Duration.ZERO, Duration.ZERO, 1, SECOND, 300, 1024, 10, 28_232);
        assertEquals(List.of("client-bound: the generator's CPU averaged 93.4 % of its 8 cores (limit 90 %), so "
                + "throughput and latency may show the load generator's limit, not the server's; use fewer "
                + "workers, a bigger machine or several generators"), Saturation.warnings(f));
        assertEquals(List.of(), Saturation.warnings(
                new Figures(8, 90, 0, 0, Duration.ZERO, Duration.ZERO, 1, SECOND, 300, 1024, 10, 28_232)));
    }

    @Test
    void openLoopMoreThanFivePercentShortOfTheTargetRateWarns() {
        Figures f = new Figures(8, 50, 4000, 3712.5, Duration.ofMillis(2), Duration.ZERO, 1, SECOND, 300, 1024, 10,
                28_232);
        assertEquals(List.of("open loop fell short: achieved 3712.5 requests/s of the 4000.0 requested, 7.2 % short "
                + "(limit 5 %)"), Saturation.warnings(f));
        assertEquals(List.of(), Saturation.warnings(
                new Figures(8, 50, 4000, 3801, Duration.ZERO, Duration.ZERO, 1, SECOND, 300, 1024, 10, 28_232)));
    }

    @Test
    void openLoopScheduleLagThatGrewWarns() {
        Figures f = new Figures(8, 50, 4000, 3990, Duration.ofMillis(300), Duration.ofMillis(250), 1, SECOND, 300,
                1024, 10, 28_232);
        assertEquals(List.of("open loop fell behind: the last request was issued 250ms behind schedule (largest lag "
                + "300ms, limit 10ms), so the generator could not keep the requested rate"), Saturation.warnings(f));
        // a stall the schedule recovered from is in the latencies already, not a warning
        assertEquals(List.of(), Saturation.warnings(new Figures(8, 50, 4000, 3990, Duration.ofMillis(300),
                Duration.ofMillis(1), 1, SECOND, 300, 1024, 10, 28_232)));
    }

    @Test
    void gcPausesAboveTenPercentOfAWindowWarn() {
        Figures f = new Figures(8, 50, 0, 0, Duration.ZERO, Duration.ZERO, 15, SECOND, 300, 1024, 10, 28_232);
        assertEquals(List.of("GC pauses: the generator's JVM spent 15.0 % of one 1s monitor window in "
                + "garbage-collection pauses (limit 10 %), and those pauses count in the measured latencies; give "
                + "it more heap (-Xmx)"), Saturation.warnings(f));
    }

    @Test
    void openFilesNearTheSoftLimitWarn() {
        Figures f = new Figures(8, 50, 0, 0, Duration.ZERO, Duration.ZERO, 1, SECOND, 900, 1024, 10, 28_232);
        assertEquals(List.of("open files near the limit: the generator had up to 900 files open, 87.9 % of its soft "
                + "limit of 1024 (warning from 80 %); raise it with 'ulimit -n'"), Saturation.warnings(f));
    }

    @Test
    void timeWaitNearTheLocalPortRangeWarns() {
        Figures f = new Figures(8, 50, 0, 0, Duration.ZERO, Duration.ZERO, 1, SECOND, 300, 1024, 24_000, 28_232);
        assertEquals(List.of("TIME_WAIT near the limit: up to 24000 connections to the target's port were in "
                + "TIME_WAIT, 85.0 % of the 28232 local ports available (warning from 80 %); new connections may "
                + "fail with 'Cannot assign requested address'"), Saturation.warnings(f));
    }

    @Test
    void figuresComeFromTheResult() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").concurrency(4).rate(100).requests(100).build();
        ClientStats client = new ClientStats(95, 99, 10, 1, 1, 1, 97, 100, 1000, 4, 3, Duration.ofMillis(5), 2.5, 3);
        BenchmarkResult r = BenchmarkResult.builder(c).duration(Duration.ofSeconds(2)).sent(100).status(200, 100)
                .scheduleLag(Duration.ofMillis(40), Duration.ofMillis(20)).client(client).build();
        Figures f = Figures.of(r, 2, 28_232);
        assertEquals(new Figures(2, 95, 100, 50, Duration.ofMillis(40), Duration.ofMillis(20), 2.5, SECOND, 100, 1000,
                3, 28_232), f);
        assertEquals(3, Saturation.warnings(f).size(), Saturation.warnings(f).toString());
    }
}
