package dev.httpbench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.InvalidConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixTest {
    private static final BenchmarkConfig BASE = Benchmark.target("http://127.0.0.1:3000/")
            .duration(Duration.ofSeconds(5)).build();

    @Test
    void pointsAreTheCrossProductOfLevelsWorkersAndRepeats() {
        Matrix m = Matrix.builder(BASE).concurrencyLevels(8, 16).workerCounts(2, 4).repeats(2).build();
        assertEquals(List.of("c8-w2-rep1", "c8-w2-rep2", "c16-w2-rep1", "c16-w2-rep2",
                        "c8-w4-rep1", "c8-w4-rep2", "c16-w4-rep1", "c16-w4-rep2"),
                m.points().stream().map(MatrixPoint::name).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), m.points().stream().map(MatrixPoint::index).toList());
        assertEquals(Duration.ofSeconds(5), m.points().get(7).config().duration().orElseThrow());
    }

    @Test
    void workersAboveALevelAreLoweredToItAndDuplicatesRunOnce() {
        Matrix m = Matrix.builder(BASE).concurrencyLevels(2, 8).workerCounts(4, 8).build();
        assertEquals(List.of("c2-w2-rep1", "c8-w4-rep1", "c8-w8-rep1"),
                m.points().stream().map(MatrixPoint::name).toList());
    }

    @Test
    void ratesAddAnOpenLoopAxis() {
        Matrix m = Matrix.builder(BASE).concurrencyLevels(8).workerCounts(2).rates(List.of(100.0, 200.0)).build();
        assertEquals(List.of("c8-w2-r100-rep1", "c8-w2-r200-rep1"), m.points().stream().map(MatrixPoint::name).toList());
        assertEquals(200.0, m.points().get(1).rate());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Matrix.builder(BASE)
                .concurrencyLevels(0, 8).workerCounts(List.of()).repeats(0).build());
        assertEquals(List.of("concurrency levels must be a non-empty list of integers between 1 and 100000 but was [0, 8]",
                "worker counts must be a non-empty list of integers >= 1 but was []",
                "repeats must be between 1 and 1000 but was 0"), e.messages());
    }
}
