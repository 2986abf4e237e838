package dev.httpbench.analysis;

import static dev.httpbench.analysis.Results.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.ClientStats;
import dev.httpbench.FailureKind;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssessmentTest {

    private static final List<MatrixRun> SCALING_THEN_FLAT = List.of(
            run(32, 4, 1000, 20, 1),
            run(64, 4, 1900, 30, 1),
            run(128, 4, 2500, 60, 1),
            run(256, 4, 2600, 140, 1),
            run(512, 4, 2550, 320, 1));

    @Test
    void kneeIsTheLevelAfterWhichThroughputStopsGrowingButP99Rises() {
        Assessment a = Assessment.of(SCALING_THEN_FLAT, Criteria.defaults());
        assertEquals(1, a.saturation().size());
        Assessment.Saturation s = a.saturation().get(0);
        assertEquals(4, s.workers());
        assertEquals(128, s.kneeConcurrency());
        assertTrue(s.explanation().startsWith("saturates at concurrency 128 (2500 req/s"), s.explanation());
        // the best configuration (256) lies past the knee: the text says what the knee would give
        assertTrue(a.lines().contains("Knee vs best: concurrency 128 gives 96% of the best throughput at P99 60ms "
                + "instead of 140ms"), a.lines().toString());
    }

    @Test
    void noKneeWhileThroughputKeepsGrowing() {
        Assessment a = Assessment.of(List.of(run(32, 4, 1000, 20, 1), run(64, 4, 2000, 25, 1),
                run(128, 4, 3900, 40, 1)), Criteria.defaults());
        assertNull(a.saturation().get(0).kneeConcurrency());
        assertTrue(a.saturation().get(0).explanation().startsWith("not saturated up to concurrency 128"));
    }

    @Test
    void bestConfigurationIsTheHighestThroughputWhoseP99MeetsTheSlo() {
        Assessment a = Assessment.of(SCALING_THEN_FLAT, Criteria.defaults());
        // 256 has the highest throughput whose P99 (140 ms) meets 150 ms; 512 misses the SLO
        assertEquals(256, a.best().orElseThrow().concurrency());

        Assessment strict = Assessment.of(SCALING_THEN_FLAT, Criteria.defaults().withSloP99(Duration.ofMillis(50)));
        assertEquals(64, strict.best().orElseThrow().concurrency());

        Assessment none = Assessment.of(SCALING_THEN_FLAT, Criteria.defaults().withSloP99(Duration.ofMillis(5)));
        assertTrue(none.best().isEmpty());
        assertTrue(none.lines().get(0).startsWith("Best configuration: none met the SLO P99 <= 5ms; the lowest P99 "
                + "was 20ms at concurrency 32, 4 workers"), none.lines().get(0));
    }

    @Test
    void repeatsWhoseThroughputVariesMoreThanTenPercentAreFlaggedUnstable() {
        Assessment a = Assessment.of(List.of(
                run(64, 4, 2000, 30, 1), run(64, 4, 2050, 30, 2), run(64, 4, 1980, 30, 3),
                run(128, 4, 1000, 60, 1), run(128, 4, 2600, 60, 2), run(128, 4, 1800, 60, 3)), Criteria.defaults());
        assertEquals(2, a.stability().size());
        Assessment.Stability steady = a.stability().get(0);
        Assessment.Stability shaky = a.stability().get(1);
        assertEquals("c64-w4", steady.key());
        assertFalse(steady.unstable());
        assertEquals(3, steady.repeats());
        assertEquals("c128-w4", shaky.key());
        assertTrue(shaky.unstable());
        assertEquals(0.4444, shaky.cv(), 0.001); // stdev 800 / mean 1800
        assertTrue(a.lines().stream().anyMatch(l -> l.startsWith("Stability c128-w4") && l.contains("UNSTABLE")));
    }

    @Test
    void errorsAreCountedByKindWithTheirLikelyCause() {
        Assessment a = Assessment.of(List.of(run(64, 4, 100, 30, 1, 50, 0), run(128, 4, 100, 30, 1, 0, 7)),
                Criteria.defaults());
        assertEquals(2, a.errors().size());
        Assessment.ErrorFinding first = a.errors().get(0);
        assertEquals("http_503", first.kind());
        assertEquals(50, first.count());
        assertEquals(50.0 / 2057, first.share(), 1e-9);
        assertEquals(List.of("c64-w4-rep1"), first.runs());
        assertTrue(first.likelyCause().contains("overloaded"));
        assertEquals("request_timeout", a.errors().get(1).kind());
        assertEquals(Assessment.likelyCause("request_timeout"), a.errors().get(1).likelyCause());
    }

    @Test
    void runsAreComparedWithTheBuiltInEightCoreExpectations() {
        ExpectationTable eightCore = ExpectationTable.parse(ExpectationTable.HEADER + "\n8-core,128,2500,85\n8-core,256,4000,110\n", "test").get("8-core");
        assertEquals(List.of(128, 256), eightCore.rows().stream().map(Expectation::concurrency).toList());
        Assessment a = Assessment.of(List.of(run(64, 4, 1000, 30, 1), run(128, 4, 2600, 80, 1),
                run(256, 4, 3000, 200, 1)), Criteria.defaults().withExpectations(eightCore));
        assertEquals(2, a.expectations().size());
        assertTrue(a.expectations().get(0).meets());
        assertEquals(2500, a.expectations().get(0).expectedThroughput());
        assertFalse(a.expectations().get(1).meets());
        assertEquals(Duration.ofMillis(110), a.expectations().get(1).expectedP99());
    }

    @Test
    void expectationFilesAreParsedAndMalformedLinesNamed() {
        var tables = ExpectationTable.parse("# mine\nvm_size,concurrency,throughput_rps,p99_ms\n4-core,64,900,40.5\n",
                "mine.csv");
        assertEquals(Duration.ofNanos(40_500_000), tables.get("4-core").at(64).orElseThrow().p99());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ExpectationTable.parse("vm_size,concurrency,throughput_rps,p99_ms\n4-core,x,900,40\n", "mine.csv"));
        assertEquals("mine.csv line 2 must be 'label,concurrency >= 1,throughput_rps > 0,p99_ms > 0' but was "
                + "'4-core,x,900,40'", e.getMessage());
    }

    @Test
    void singleRunsPerConfigurationMakeEveryVerdictUnconfirmed() {
        Assessment a = Assessment.of(SCALING_THEN_FLAT, Criteria.defaults());
        assertFalse(a.confirmed());
        assertTrue(a.lines().contains("Confidence: each configuration ran once, so the verdicts on them are "
                + "unconfirmed: one run cannot show how much runs differ; run at least 3 repeats per configuration "
                + "to confirm them"), a.lines().toString());
        assertFalse(a.saturation().get(0).confirmed());
    }

    @Test
    void configurationsWhoseDifferenceLiesWithinTheirNoiseAreCalledIndistinguishable() {
        // c64: 1150/1250/1200 (CV 4.2 %), c128: 1180/1300/1240 (CV 4.8 %): 3 % apart, the noise allows 7 %
        Assessment a = Assessment.of(List.of(
                run(64, 4, 1150, 20, 1), run(64, 4, 1250, 20, 2), run(64, 4, 1200, 20, 3),
                run(128, 4, 1180, 20, 1), run(128, 4, 1300, 20, 2), run(128, 4, 1240, 20, 3)), Criteria.defaults());
        assertTrue(a.confirmed());
        assertEquals(128, a.best().orElseThrow().concurrency());
        assertEquals(List.of("c64-w4"), a.indistinguishableFromBest().stream().map(Assessment.Configuration::key)
                .toList());
        assertTrue(a.lines().contains("Best vs concurrency 64: concurrency 64 and concurrency 128 are "
                + "indistinguishable at this noise (1200 vs 1240 req/s, -3% within +/- 7%); run at least 15 repeats "
                + "per configuration"), a.lines().toString());
        assertFalse(a.lines().stream().anyMatch(l -> l.startsWith("Confidence:")), a.lines().toString());
    }

    @Test
    void aSingleRunsIntervalSpreadDecidesAndLongerRunsAreSuggested() {
        // one run each; the intervals vary by about 11 %, so a 2 % difference cannot stand
        Assessment a = Assessment.of(List.of(
                Results.noisy(64, 4, 1, 900, 1100, 1000, 1200, 800, 1000, 1100, 900, 1000, 1000),
                Results.noisy(128, 4, 1, 1000, 1200, 900, 1100, 1000, 800, 1200, 1000, 1000, 1000)),
                Criteria.defaults());
        Assessment.Configuration one = a.configurations().get(0);
        assertEquals(1, one.noise().runs());
        assertEquals("one run: throughput CV 11.5 % over its 10 intervals of 1s", one.noise().basis());
        String line = a.lines().stream().filter(l -> l.startsWith("Best vs")).findFirst().orElseThrow();
        assertEquals("Best vs concurrency 64: concurrency 64 and concurrency 128 are indistinguishable at this noise "
                + "(1000 vs 1020 req/s, -2% within +/- 10%); run at least 28 repeats per configuration, or each run "
                + "28 times as long (about 4.67m)", line);
    }

    @Test
    void aKneeWhoseStepLiesWithinTheNoiseOfTheRuleIsUnconfirmed() {
        Assessment a = Assessment.of(List.of(
                run(32, 4, 800, 20, 1), run(32, 4, 1200, 20, 2),
                run(64, 4, 700, 40, 1), run(64, 4, 1400, 40, 2)), Criteria.defaults());
        Assessment.Saturation s = a.saturation().get(0);
        assertEquals(32, s.kneeConcurrency());
        assertFalse(s.confirmed());
        assertEquals("saturates at concurrency 32 (1000 req/s, P99 20ms): going to 64 changed throughput by +5% while "
                + "P99 rose 100% to 40ms (unconfirmed: 32 and 64 are indistinguishable at this noise (throughput +5% "
                + "+/- 82%, the rule needs it clearly below or above +10%); run at least 534 repeats per "
                + "configuration)", s.explanation());
    }

    @Test
    void aKneeClearOfTheNoiseOverRepeatsIsConfirmed() {
        Assessment a = Assessment.of(List.of(
                run(32, 4, 1000, 20, 1), run(32, 4, 1010, 20, 2),
                run(64, 4, 1900, 30, 1), run(64, 4, 1920, 30, 2),
                run(128, 4, 1950, 60, 1), run(128, 4, 1940, 60, 2)), Criteria.defaults());
        Assessment.Saturation s = a.saturation().get(0);
        assertEquals(64, s.kneeConcurrency());
        assertTrue(s.confirmed(), s.explanation());
        assertFalse(s.explanation().contains("unconfirmed"), s.explanation());
    }

    @Test
    void interruptedAndTooShortRunsAreListedButLeftOutOfEveryVerdict() {
        MatrixRun whole = run(32, 4, 1000, 20, 1);
        MatrixRun cut = Results.with(run(64, 4, 5000, 10, 1, 40, 0),
                b -> b.interrupted(true).duration(Duration.ofMillis(1100)));
        MatrixRun fragment = Results.with(run(128, 4, 9000, 5, 1), b -> b.duration(Duration.ofMillis(300)));
        ExpectationTable table = ExpectationTable.parse(ExpectationTable.HEADER + "\n8-core,64,2500,85\n", "test")
                .get("8-core");
        Assessment a = Assessment.of(List.of(whole, cut, fragment), Criteria.defaults().withExpectations(table));
        assertEquals(1, a.judgedRuns());
        assertEquals(List.of(new Assessment.Excluded("c64-w4-rep1", "interrupted after 1.1s of 10s"),
                new Assessment.Excluded("c128-w4-rep1", "too short to judge: 300ms measured, at least 1s needed")),
                a.excluded());
        assertEquals("Runs: 1 of 3 run(s) measured in full; left out of best, saturation, stability and "
                + "expectations: c64-w4-rep1 (interrupted after 1.1s of 10s), c128-w4-rep1 (too short to judge: 300ms "
                + "measured, at least 1s needed)", a.lines().get(0));
        assertEquals(32, a.best().orElseThrow().concurrency());
        assertTrue(a.saturation().isEmpty());
        assertTrue(a.expectations().isEmpty());
        assertEquals(List.of("c32-w4"), a.configurations().stream().map(Assessment.Configuration::key).toList());
        // what happened in them still counts
        assertEquals("http_503", a.errors().get(0).kind());
        assertEquals(List.of("c64-w4-rep1"), a.errors().get(0).runs());
    }

    @Test
    void runsThatNeverStartedAreCountedAgainstTheMatrix() {
        Matrix m = Matrix.builder(Results.config(32, 4)).concurrencyLevels(32, 64, 128, 256).build();
        MatrixRun cut = Results.with(run(64, 4, 1000, 20, 1), b -> b.interrupted(true)
                .duration(Duration.ofMillis(1100)));
        Assessment a = Assessment.of(new MatrixResult(m, Instant.EPOCH, List.of(run(32, 4, 1000, 20, 1), cut), true),
                Criteria.defaults());
        assertEquals(4, a.plannedRuns());
        assertEquals(2, a.ranRuns());
        assertEquals("Runs: 1 of 4 planned run(s) measured in full; 2 did not run; left out of best, saturation, "
                + "stability and expectations: c64-w4-rep1 (interrupted after 1.1s of 10s)", a.lines().get(0));
    }

    @Test
    void everyRunInterruptedOrTooShortLeavesNoVerdict() {
        Assessment a = Assessment.of(List.of(Results.with(run(32, 4, 1000, 20, 1),
                b -> b.duration(Duration.ofMillis(195)))), Criteria.defaults());
        assertEquals(List.of("Runs: none of 1 run(s) measured in full; left out of best, saturation, stability and "
                + "expectations: c32-w4-rep1 (too short to judge: 195ms measured, at least 1s needed)",
                "Best configuration: none judged: every run was interrupted or too short", "Errors: none"), a.lines());
    }

    @Test
    void aSaturatedHostIsReportedWhenTheGeneratorWasBelowItsOwnLimit() {
        MatrixRun host = Results.with(run(64, 4, 1000, 20, 1), b -> b.client(ClientStats.builder().cpuPercent(41)
                .systemCpuPercent(97).workerBusyPeakPercent(50).build()));
        MatrixRun generator = Results.with(run(128, 4, 1000, 20, 1), b -> b.client(ClientStats.builder()
                .cpuPercent(93).systemCpuPercent(99).workerBusyPeakPercent(95).build()));
        MatrixRun calm = Results.with(run(256, 4, 1000, 20, 1), b -> b.client(ClientStats.builder().cpuPercent(20)
                .systemCpuPercent(60).workerBusyPeakPercent(30).build()));
        Assessment a = Assessment.of(List.of(host, generator, calm), Criteria.defaults());
        assertEquals(1, a.warnings().size());
        Assessment.Warning w = a.warnings().get(0);
        assertEquals("host_saturated", w.kind());
        assertEquals(List.of("c64-w4-rep1"), w.runs());
        assertTrue(a.lines().contains("Warning: host saturated in c64-w4-rep1 (system CPU 97 %, generator 41 %): the "
                + "machine's CPU was at 95 % or more while the generator stayed below its own limits (90 % of its "
                + "cores, 85 % of one core per worker), so other processes on this machine, the target among them "
                + "when it runs here, competed for the CPU; the figures show the machine's limit, not the target's "
                + "alone: give the generator a machine of its own"), a.lines().toString());
    }

    @Test
    void anOpenLoopRunIsReportedByItsLargestScheduleLagNotOnlyItsLast() {
        BenchmarkConfig open = Benchmark.target("http://127.0.0.1:3000/api").rate(2000).concurrency(64).workers(4)
                .duration(Duration.ofSeconds(10)).build();
        double[] steady = new double[10];
        java.util.Arrays.fill(steady, 2000);
        MatrixRun lagging = Results.with(Results.run(open, steady, 20, 1, 0, 0),
                b -> b.scheduleLag(Duration.ofMillis(88), Duration.ofMillis(2)));
        Assessment a = Assessment.of(List.of(lagging), Criteria.defaults());
        assertEquals(List.of("schedule_lag"), a.warnings().stream().map(Assessment.Warning::kind).toList());
        assertEquals("schedule lag in c64-w4-r2000-rep1 (largest 88ms, last 2ms): the generator fell more than 10ms "
                + "behind its open-loop schedule; latency counts from each request's intended send time, so up to "
                + "that much of a latency may be the generator's own delay, not the server's: check the send lag, "
                + "the generator's CPU and its GC pauses", a.warnings().get(0).text());
    }

    @Test
    void anOpenLoopTargetCompletingFarLessThanTheOfferedRateIsOverloaded() {
        BenchmarkConfig open = Benchmark.target("http://127.0.0.1:3000/api").rate(2000).concurrency(64).workers(4)
                .duration(Duration.ofSeconds(10)).build();
        double[] completed = new double[10];
        java.util.Arrays.fill(completed, 1200);
        // 8000 requests were sent but never answered: the run ended with them cancelled
        MatrixRun run = Results.run(open, completed, 20, 1, 0, 0);
        MatrixRun overloaded = Results.with(run, b -> b.sent(run.result().sent() + 8000)
                .error(FailureKind.CANCELLED, 8000));
        Assessment a = Assessment.of(List.of(overloaded), Criteria.defaults());
        assertEquals(List.of("overloaded"), a.warnings().stream().map(Assessment.Warning::kind).toList());
        assertEquals("target overloaded in c64-w4-r2000-rep1 (1200 responses/s of 2000 requests/s offered, 60 %; p50 "
                + "10ms in the first interval, 10ms in the last): it completed less than 90 % of the offered rate, so "
                + "requests queued and latency grows with the run's length: its percentiles describe how long this "
                + "run lasted, not a steady state; lower the rate to find the rate the target sustains",
                a.warnings().get(0).text());
    }

    @Test
    void expectationsSayWhoseFiguresTheyAreAndWarnWhenTheLabelNamesOtherCores() {
        ExpectationTable table = ExpectationTable.parse("# figures: the incident's Reframe service on an 8-core VM\n"
                + ExpectationTable.HEADER + "\n8-core,128,2500,85\n", "built-in").get("8-core");
        assertEquals("the incident's Reframe service on an 8-core VM", table.origin());
        List<MatrixRun> runs = List.of(run(128, 4, 2600, 80, 1));
        Assessment twoCores = Assessment.of(runs, Criteria.defaults().withExpectations(table).withMachine(null, 2));
        assertTrue(twoCores.lines().contains("Expectations 8-core: the incident's Reframe service on an 8-core VM; "
                + "runs at the levels it covers are compared with those figures (within 10%)"), twoCores.lines()
                .toString());
        assertEquals("vm size '8-core' names 8 cores but this machine has 2: figures expected of '8-core' describe "
                + "another machine, so comparing these runs with them says little",
                twoCores.warnings().get(0).text());
        Assessment eightCores = Assessment.of(runs, Criteria.defaults().withExpectations(table).withMachine(null, 8));
        assertTrue(eightCores.warnings().isEmpty());
        Assessment labelOnly = Assessment.of(runs, Criteria.defaults().withMachine("16 vCPU", 8));
        assertEquals("vm_size_cores", labelOnly.warnings().get(0).kind());
        assertEquals("the figures in mine.csv", ExpectationTable.parse(ExpectationTable.HEADER
                + "\n4-core,64,900,40\n", "mine.csv").get("4-core").origin());
    }

    @Test
    void likelyCausesNameSettingsNotCommandLineFlags() {
        List<String> kinds = new ArrayList<>(List.of("http_400", "http_404", "http_429", "http_500", "http_503"));
        for (FailureKind k : FailureKind.values()) {
            kinds.add(k.id());
        }
        for (String kind : kinds) {
            String cause = Assessment.likelyCause(kind);
            assertFalse(cause.contains("--"), kind + ": " + cause);
            assertFalse(cause.contains("Ctrl-C"), kind + ": " + cause);
        }
        assertEquals("the server rejected the request itself: check the request's path, method, headers and body",
                Assessment.likelyCause("http_404"));
    }
}
