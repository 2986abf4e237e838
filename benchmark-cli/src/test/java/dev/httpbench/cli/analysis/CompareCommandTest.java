package dev.httpbench.cli.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.cli.Runner;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRunner;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import dev.httpbench.report.compare.Compare;
import dev.httpbench.report.compare.Comparison;
import dev.httpbench.report.compare.Figure;
import dev.httpbench.report.compare.FigureComparison;
import dev.httpbench.report.compare.Verdict;
import dev.httpbench.testsupport.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    private static TestServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A report folder of one small closed-loop matrix against {@code path} of the test server. */
    static Path report(Path dir, String path, Duration duration) {
        return reportOf(dir, server.url(path), duration);
    }

    /** A report folder of a one-second closed-loop run against {@code url}. */
    static Path reportOf(Path dir, String url) {
        return reportOf(dir, url, Duration.ofSeconds(1));
    }

    private static Path reportOf(Path dir, String url, Duration duration) {
        Matrix m = Matrix.builder(Benchmark.target(url).duration(duration).warmup(Duration.ofMillis(300))
                .monitorInterval(Duration.ZERO).build()).concurrencyLevels(4).workerCounts(1).repeats(1).build();
        MatrixResult r = new MatrixRunner(m).run();
        return ReportFolder.write(dir, r, Assessment.of(r.runs(), Criteria.defaults()), null, Environment.current());
    }

    private int compare(Path baseline, Path current, double maxRegression, Path html) {
        return CompareCommand.run(baseline, current, maxRegression, html, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aReportComparedWithItselfIsTheSameAndExitsZero(@TempDir Path dir) {
        Path folder = report(dir, "/ok", Duration.ofSeconds(1));
        assertEquals(Runner.EXIT_OK, compare(folder, folder.resolve("summary.json"), 10, null));
        assertTrue(out().contains("\nverdict: same: none of 1 configuration changed beyond the 10 % limit and the noise\n"),
                out());
        assertTrue(out().endsWith("compare page: " + folder.resolve("compare.html") + "\n"), out());
        assertTrue(Files.isRegularFile(folder.resolve("compare.html")));
        assertEquals("", err());
    }

    @Test
    @Tag("timing")
    void aServerMadeThirtyPercentSlowerComparesWorseAndExitsOne(@TempDir Path dir) throws Exception {
        Path baseline = report(dir.resolve("baseline"), "/delay?ms=40", Duration.ofSeconds(3));
        Path current = report(dir.resolve("current"), "/delay?ms=52", Duration.ofSeconds(3));
        Path page = dir.resolve("pages/compare.html");

        int code = compare(baseline, current, 10, page);
        assertEquals(Runner.EXIT_THRESHOLD, code, this::out);
        assertTrue(out().contains("\nc4-w1 (1 vs 1 run): worse\n"), out());
        assertTrue(out().contains("\nverdict: worse: 1 of 1 configuration got worse (c4-w1)\n"), out());
        assertTrue(Files.size(page) > 0);

        // the figures printed are the comparison's; 52 ms against 40 ms is 30 % at the median, less what
        // the machine adds to both (CompareTest checks the figures exactly on constructed runs)
        Comparison c = Compare.compare(baseline, current, 10);
        FigureComparison p50 = c.configurations().get(0).figure(Figure.P50);
        assertEquals(Verdict.WORSE, p50.verdict());
        assertTrue(p50.changePercent() > 10, p50.toString());
        assertTrue(out().contains(String.format(java.util.Locale.ROOT, "%+.1f %%", p50.changePercent())), out());
    }

    @Test
    void unreadableSidesAndABadLimitAreAllReportedWithExitTwo(@TempDir Path dir) throws Exception {
        Path nowhere = dir.resolve("nowhere");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(Runner.EXIT_USAGE, compare(nowhere, empty, -5, null));
        assertEquals("httpbench compare: --max-regression must be a percentage > 0 and <= 1000 but was -5.0\n"
                + "httpbench compare: BASELINE " + nowhere + " does not exist: give a report folder or its summary.json\n"
                + "httpbench compare: CURRENT " + empty + " is not a report folder: it has no summary.json\n", err());
        assertEquals("", out());
    }
}
