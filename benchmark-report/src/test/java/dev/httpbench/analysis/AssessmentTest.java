package dev.httpbench.analysis;

import static dev.httpbench.analysis.Results.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.matrix.MatrixRun;
import java.time.Duration;
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
}
