package dev.httpbench.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientStats;
import dev.httpbench.spi.ResultBuilder;
import dev.httpbench.system.Saturation.Figures;
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
    void aWorkerThreadAbove85PercentOfOneCoreMeansClientBoundWhateverTheProcessTotal() {
        Figures f = figures(Duration.ofSeconds(5), List.of(40.0, 91.25), Duration.ZERO, Duration.ofMillis(3));
        assertEquals(List.of("client-bound: worker 1's thread was busy 91.3 % of one core (limit 85 %), so "
                + "throughput and latency may show the load generator's limit, not the server's; use more workers "
                + "(up to the cores), a bigger machine or several generators"), Saturation.warnings(f));
        assertEquals(List.of(), Saturation.warnings(
                figures(Duration.ofSeconds(5), List.of(85.0, -1.0), Duration.ZERO, Duration.ofMillis(3))));
    }

    @Test
    void runsTooShortToJudgeGiveNoClientBoundWarning() {
        Figures f = new Figures(8, 99, 0, 0, Duration.ZERO, Duration.ZERO, 1, SECOND, 300, 1024, 10, 28_232,
                Duration.ofMillis(16), List.of(100.0), Duration.ZERO, Duration.ofMillis(3));
        assertEquals(List.of(), Saturation.warnings(f));
    }

    @Test
    void sendLagThatIsAMaterialPartOfTheTailWarns() {
        Figures f = figures(Duration.ofSeconds(5), List.of(50.0), Duration.ofMillis(120), Duration.ofMillis(604));
        assertEquals(List.of("send lag: the generator wrote requests up to 120ms late at p99, 19.9 % of the latency "
                + "p99 of 604ms (limits 10 % and 1ms), so that much of the tail is the generator's own delay, not "
                + "the server's; use more workers, a less loaded machine or several generators"),
                Saturation.warnings(f));
        // a large share of a tiny tail is noise; a small share of a large tail is the server's
        assertEquals(List.of(), Saturation.warnings(
                figures(Duration.ofSeconds(5), List.of(50.0), Duration.ofNanos(900_000), Duration.ofMillis(2))));
        assertEquals(List.of(), Saturation.warnings(
                figures(Duration.ofSeconds(5), List.of(50.0), Duration.ofMillis(5), Duration.ofMillis(100))));
    }

    private static Figures figures(Duration measured, List<Double> busy, Duration sendLagP99, Duration latencyP99) {
        return new Figures(8, 60, 0, 0, Duration.ZERO, Duration.ZERO, 1, SECOND, 300, 1024, 10, 28_232, measured,
                busy, sendLagP99, latencyP99);
    }

    @Test
    void figuresComeFromTheResult() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").concurrency(4).rate(100).requests(100).build();
        ClientStats client = ClientStats.builder().cpuPercent(95).cpuPeakPercent(99).cpuMicrosPerRequest(10)
                .rssPeakBytes(1).heapPeakBytes(1).threadsPeak(1).systemCpuPercent(97).openFilesPeak(100)
                .openFilesLimit(1000).tcpEstablishedPeak(4).tcpTimeWaitPeak(3).gcPauseTotal(Duration.ofMillis(5))
                .gcPauseMaxPercent(2.5).workerBusyPercent(List.of(12.5)).samples(3).build();
        BenchmarkResult r = ResultBuilder.of(c).duration(Duration.ofSeconds(2)).sent(100).status(200, 100)
                .scheduleLag(Duration.ofMillis(40), Duration.ofMillis(20)).client(client).build();
        Figures f = Figures.of(r, 2, 28_232);
        assertEquals(new Figures(2, 95, 100, 50, Duration.ofMillis(40), Duration.ofMillis(20), 2.5, SECOND, 100, 1000,
                3, 28_232, Duration.ofSeconds(2), List.of(12.5), Duration.ZERO, Duration.ZERO), f);
        assertEquals(3, Saturation.warnings(f).size(), Saturation.warnings(f).toString());
    }
}
