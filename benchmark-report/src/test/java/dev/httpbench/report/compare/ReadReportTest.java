package dev.httpbench.report.compare;

import static dev.httpbench.analysis.Results.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report folders written by the report writers read back as run sets, and what is wrong with bad ones. */
class ReadReportTest {
    private static final Instant START = Instant.parse("2026-11-29T08:15:00Z");

    /** A folder with two configurations of two repeats each, throughput and p99 scaled by {@code slower}. */
    static Path folder(Path dir, double slower) {
        List<MatrixRun> runs = List.of(run(32, 4, 1000 / slower, 20 * slower, 1), run(32, 4, 1040 / slower, 21 * slower, 2),
                run(64, 4, 1900 / slower, 30 * slower, 1), run(64, 4, 1850 / slower, 31 * slower, 2));
        Matrix m = Matrix.builder(Benchmark.target("http://127.0.0.1:3000/api").duration(Duration.ofSeconds(10)).build())
                .concurrencyLevels(32, 64).workerCounts(4).repeats(2).build();
        MatrixResult r = new MatrixResult(m, START, runs, false);
        return ReportFolder.write(dir, r, Assessment.of(r.runs(), Criteria.defaults()), null, Environment.current());
    }

    @Test
    void aReportFolderReadsBackWithEveryRunsFullHistogram(@TempDir Path dir) {
        Path folder = folder(dir, 1);
        RunSet set = RunSet.read(folder);
        assertEquals(List.of("c32-w4", "c64-w4"), set.configurations());
        assertEquals(2, set.runCount("c32-w4"));
        assertEquals(0, set.runCount("c128-w4"));
        assertEquals(folder + " (2 configurations, 4 runs)", set.toString());
        RecordedRun first = set.runs("c32-w4").get(0);
        assertEquals("c32-w4-rep1", first.name());
        assertEquals(1000.0, first.throughput(), 1e-9);
        assertEquals(10_000, first.latency().getTotalCount(), "the intervals of the log add up to the run");
        assertEquals(10, first.intervalThroughputs().size());
        assertEquals("http://127.0.0.1:3000/api", first.target());

        RunSet same = RunSet.read(folder.resolve("summary.json"));
        assertEquals(set.configurations(), same.configurations());
    }

    @Test
    void aFolderComparedWithItselfIsTheSame(@TempDir Path dir) {
        Path folder = folder(dir, 1);
        Comparison c = Compare.compare(folder, folder, 10);
        assertEquals(Verdict.SAME, c.verdict());
        assertEquals(2, c.configurations().size());
    }

    @Test
    void aSlowerServersFolderComparesWorse(@TempDir Path dir) {
        Comparison c = Compare.compare(folder(dir.resolve("a"), 1), folder(dir.resolve("b"), 1.3), 10);
        assertEquals(Verdict.WORSE, c.verdict());
        FigureComparison p99 = c.configurations().get(1).figure(Figure.P99);
        assertEquals(30.0, p99.changePercent(), 0.2);
        assertEquals(Verdict.WORSE, p99.verdict());
        assertEquals(Verdict.WORSE, c.configurations().get(1).figure(Figure.THROUGHPUT).verdict());
    }

    @Test
    void whatCannotBeReadIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere");
        assertEquals(missing + " does not exist: give a report folder or its summary.json",
                assertThrows(UnreadableReportException.class, () -> RunSet.read(missing)).getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(empty + " is not a report folder: it has no summary.json",
                assertThrows(UnreadableReportException.class, () -> RunSet.read(empty)).getMessage());
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"runs\": [");
        assertTrue(assertThrows(UnreadableReportException.class, () -> RunSet.read(notJson)).getMessage()
                .startsWith(notJson + " is not valid JSON: "));
        Path notSummary = Files.writeString(dir.resolve("result.json"), "{\"throughput_rps\": 1}");
        assertEquals(notSummary + " is not an httpbench summary.json: it has no \"runs\" array",
                assertThrows(UnreadableReportException.class, () -> RunSet.read(notSummary)).getMessage());
        Path newer = Files.writeString(dir.resolve("newer.json"), "{\"schema_version\": 2, \"runs\": []}");
        assertEquals(newer + " has schema_version 2, newer than this httpbench reads (1)",
                assertThrows(UnreadableReportException.class, () -> RunSet.read(newer)).getMessage());
        Path noName = Files.writeString(dir.resolve("noname.json"), "{\"runs\": [{\"concurrency\": 1}]}");
        assertEquals(noName + ": run 1 has no \"name\"",
                assertThrows(UnreadableReportException.class, () -> RunSet.read(noName)).getMessage());

        Path folder = folder(dir.resolve("f"), 1);
        Path log;
        try (var logs = Files.list(folder.resolve("histograms"))) {
            log = logs.filter(f -> f.getFileName().toString().endsWith("-c32-w4-rep1.hlog")).findFirst().orElseThrow();
        }
        Files.delete(log);
        assertEquals("histograms/" + log.getFileName() + ", the latency log of run c32-w4-rep1, is missing from " + folder
                + ": compare needs each run's histogram log (copy the whole report folder)",
                assertThrows(UnreadableReportException.class, () -> RunSet.read(folder)).getMessage());
    }
}
