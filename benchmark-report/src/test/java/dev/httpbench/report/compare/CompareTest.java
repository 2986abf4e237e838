package dev.httpbench.report.compare;

import static dev.httpbench.report.compare.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareTest {
    private static final Compare COMPARE = Compare.builder().build();

    @Test
    void identicalRunsCompareSame() {
        RunSet a = RunSet.of("baseline", run(64, 2000, 1, 0.02), run(128, 3000, 1.5, 0.02));
        RunSet b = RunSet.of("current", run(64, 2000, 1, 0.02), run(128, 3000, 1.5, 0.02));
        Comparison c = COMPARE.compare(a, b);

        assertEquals(Verdict.SAME, c.verdict());
        assertEquals(List.of("c64-w2", "c128-w2"), c.configurations().stream().map(ConfigurationComparison::configuration).toList());
        for (ConfigurationComparison cc : c.configurations()) {
            for (FigureComparison f : cc.figures()) {
                assertEquals(Verdict.SAME, f.verdict(), f.toString());
                assertEquals(0.0, f.changePercent(), f.toString());
                assertEquals("within the 10 % limit", f.reason());
            }
        }
        assertEquals("same: none of 2 configurations changed beyond the 10 % limit and the noise", c.summary());
        assertTrue(c.onlyInBaseline().isEmpty() && c.onlyInCurrent().isEmpty() && c.notes().isEmpty());
    }

    @Test
    void aServerMadeThirtyPercentSlowerComparesWorseWithTheRightFigures() {
        // closed loop at the same concurrency: 30 % more latency is 1/1.3 of the throughput
        Comparison c = COMPARE.compare(RunSet.of("baseline", run(64, 2000, 1, 0.02)),
                RunSet.of("current", run(64, 2000 / 1.3, 1.3, 0.02)));

        assertEquals(Verdict.WORSE, c.verdict());
        assertTrue(c.worse());
        ConfigurationComparison cc = c.configurations().get(0);
        FigureComparison t = cc.figure(Figure.THROUGHPUT);
        assertEquals(2000.0, t.baseline(), 1e-9);
        assertEquals(1538.5, t.current(), 1e-9); // 15385 responses in 10 s
        assertEquals(-23.08, t.changePercent(), 0.01);
        assertEquals(Verdict.WORSE, t.verdict());
        assertTrue(t.lowPercent() < -20 && t.highPercent() < 0, t.toString());
        for (Figure f : List.of(Figure.P50, Figure.P90, Figure.P99, Figure.P999)) {
            FigureComparison p = cc.figure(f);
            assertEquals(Verdict.WORSE, p.verdict(), p.toString());
            // HdrHistogram keeps three significant digits: the +30 % is exact to within 0.2 points
            assertEquals(30.0, p.changePercent(), 0.2, p.toString());
            assertEquals(p.baseline() * 1.3, p.current(), p.baseline() * 0.003, p.toString());
            assertTrue(p.lowPercent() > 10, p.toString());
        }
        assertEquals(7.8, cc.figure(Figure.P50).baseline(), 0.02);
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f %% higher, beyond the 10 %% limit and the noise",
                cc.figure(Figure.P99).changePercent()), cc.figure(Figure.P99).reason());
        assertEquals("23.1 % lower, beyond the 10 % limit and the noise", t.reason());
        assertEquals("worse: 1 of 1 configuration got worse (c64-w2)", c.summary());
    }

    @Test
    void aFasterServerComparesBetter() {
        Comparison c = COMPARE.compare(RunSet.of("baseline", run(64, 2000, 1.3, 0.02)),
                RunSet.of("current", run(64, 2600, 1, 0.02)));
        assertEquals(Verdict.BETTER, c.verdict());
        assertEquals("better: 1 of 1 configuration got better (c64-w2), none worse", c.summary());
    }

    @Test
    void noiseWithinRepeatsDoesNotFlag() {
        // three repeats each; the current side is 15 % slower on average but inside the baseline's spread
        RunSet baseline = RunSet.of("baseline", run(64, 2200, 0.9, 0.02), run(64, 2000, 1.0, 0.02), run(64, 1800, 1.1, 0.02));
        RunSet current = RunSet.of("current", run(64, 1905, 1.05, 0.02), run(64, 1739, 1.15, 0.02), run(64, 1600, 1.25, 0.02));
        Comparison c = COMPARE.compare(baseline, current);

        ConfigurationComparison cc = c.configurations().get(0);
        assertEquals(3, cc.baselineRuns());
        assertEquals(3, cc.currentRuns());
        FigureComparison p50 = cc.figure(Figure.P50);
        assertTrue(p50.changePercent() > 10, p50.toString());
        assertEquals(Verdict.SAME, p50.verdict());
        assertTrue(p50.reason().startsWith("inside the runs' own spread (baseline 7."), p50.reason());
        FigureComparison t = cc.figure(Figure.THROUGHPUT);
        assertEquals(-12.6, t.changePercent(), 0.1);
        assertEquals("inside the runs' own spread (baseline 1800.0 to 2200.0 req/s, current 1600.0 to 1905.0 req/s)",
                t.reason());
        assertEquals(Verdict.SAME, c.verdict());
    }

    @Test
    void aDifferenceWithinTheNoiseOfSmallSamplesIsTheSame() {
        // 100 latencies a side: a median 12 % higher is well within the median's own uncertainty
        Comparison c = COMPARE.compare(RunSet.of("baseline", run(64, 10, 1, 0.3, 100)),
                RunSet.of("current", run(64, 10, 1.12, 0.3, 100)));
        FigureComparison p50 = c.configurations().get(0).figure(Figure.P50);
        assertEquals(12.0, p50.changePercent(), 0.2);
        assertEquals(Verdict.SAME, p50.verdict());
        assertTrue(p50.reason().startsWith("within the noise (the change's 95 % interval, "), p50.reason());
        assertTrue(p50.lowPercent() < 0 && p50.highPercent() > 12, p50.toString());
        FigureComparison p99 = c.configurations().get(0).figure(Figure.P99);
        assertEquals(Verdict.INCONCLUSIVE, p99.verdict());
        assertEquals("p99 needs 1000 latencies on each side to be judged (10 beyond it); the baseline has 100", p99.reason());
        assertEquals(Verdict.SAME, c.verdict());
    }

    @Test
    void theSameInputAlwaysGivesTheSameIntervals() {
        RunSet a = RunSet.of("baseline", run(64, 10, 1, 0.3, 100));
        RunSet b = RunSet.of("current", run(64, 10, 1.12, 0.3, 100));
        assertEquals(COMPARE.compare(a, b).format(), COMPARE.compare(a, b).format());
    }

    @Test
    void configurationsOnOneSideOnlyAreListedNotCompared() {
        Comparison c = COMPARE.compare(RunSet.of("baseline", run(64, 2000, 1, 0.02), run(256, 2000, 1, 0.02)),
                RunSet.of("current", run(64, 2000, 1, 0.02), run(512, 2000, 1, 0.02)));
        assertEquals(List.of("c256-w2"), c.onlyInBaseline());
        assertEquals(List.of("c512-w2"), c.onlyInCurrent());
        assertEquals(1, c.configurations().size());
        assertTrue(c.format().contains("\nonly in the baseline, not compared: c256-w2\nonly in the current run, not "
                + "compared: c512-w2\n"), c.format());
    }

    @Test
    void theTableShowsEveryFigureWithItsVerdictAndWhy() {
        Comparison c = COMPARE.compare(RunSet.of("baseline", run(64, 2000, 1, 0.02)),
                RunSet.of("current", run(64, 2000, 1, 0.02)));
        String[] lines = c.format().split("\n");
        assertEquals("baseline: baseline (1 configuration, 1 run)", lines[0]);
        assertEquals("current:  current (1 configuration, 1 run)", lines[1]);
        assertEquals("c64-w2 (1 vs 1 run): same", lines[4]);
        assertEquals("  figure           baseline       current    change  95 % interval         verdict", lines[5]);
        assertEquals("  throughput   2000.0 req/s  2000.0 req/s    +0.0 %  -1.6 % to +1.6 %      same: within the 10 % limit",
                lines[6]);
        assertEquals("verdict: same: none of 1 configuration changed beyond the 10 % limit and the noise",
                lines[lines.length - 1]);
    }

    @Test
    void badSettingsAreReportedAllAtOnce() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Compare.builder().maxRegressionPercent(0).resamples(5).build());
        assertEquals(List.of("maxRegressionPercent must be > 0 and <= 1000 but was 0.0",
                "resamples must be between 100 and 100000 but was 5"), e.messages());
    }
}
