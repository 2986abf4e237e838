package dev.httpbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import static dev.httpbench.analysis.Results.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.Benchmark;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.analysis.ExpectationTable;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Histograms;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFolderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-29T08:15:00Z");

    private static MatrixResult matrix(boolean interrupted) {
        List<MatrixRun> runs = List.of(
                run(32, 4, 1000, 20, 1), run(32, 4, 1040, 21, 2),
                run(64, 4, 1900, 30, 1), run(64, 4, 1700, 33, 2),
                run(128, 4, 2500, 60, 1, 12, 3), run(128, 4, 2450, 64, 2),
                run(256, 4, 2600, 140, 1), run(256, 4, 2580, 150, 2, 40, 0));
        Matrix m = Matrix.builder(Benchmark.target("http://127.0.0.1:3000/api").duration(Duration.ofSeconds(10)).build())
                .concurrencyLevels(32, 64, 128, 256).workerCounts(4).repeats(2).build();
        return new MatrixResult(m, START, runs, interrupted);
    }

    private static Assessment assess(MatrixResult r) {
        return Assessment.of(r.runs(), Criteria.defaults().withExpectations(ExpectationTable.parse(ExpectationTable.HEADER + "\n8-core,128,2500,85\n8-core,256,4000,110\n", "test").get("8-core")));
    }

    @Test
    void writesEveryFileIntoANewTimestampedFolderAndNeverOverwrites(@TempDir Path dir) throws Exception {
        MatrixResult r = matrix(false);
        Path first = ReportFolder.write(dir, r, assess(r), "8-core", Environment.current());
        Path second = ReportFolder.write(dir, r, assess(r), "8-core", Environment.current());
        assertEquals(dir.resolve("20261129-081500"), first);
        assertEquals(dir.resolve("20261129-081500-2"), second);
        for (String f : List.of("summary.json", "results.csv", "report.html")) {
            assertTrue(Files.size(first.resolve(f)) > 0, f);
        }
        List<String> csv = Files.readAllLines(first.resolve("results.csv"));
        assertEquals(ResultsCsv.HEADER, csv.get(0));
        assertEquals(9, csv.size());
        assertTrue(csv.get(5).startsWith("c128-w4-rep1,128,4,,1,10.000,25015,25000,15,"), csv.get(5));
    }

    @Test
    void summaryHoldsTheSchemaFieldsAndCountsAddUp(@TempDir Path dir) throws Exception {
        MatrixResult r = matrix(true);
        Path folder = ReportFolder.write(dir, r, assess(r), "8-core", Environment.current());
        JsonNode s = JSON.readTree(folder.resolve("summary.json").toFile());
        assertEquals(1, s.get("schema_version").asInt());
        assertEquals("httpbench", s.at("/tool/name").asText());
        assertFalse(s.at("/tool/version").asText().isBlank());
        assertEquals("2026-11-29T08:15:00Z", s.get("started_at").asText());
        assertEquals("8-core", s.get("vm_size").asText());
        assertEquals("http://127.0.0.1:3000/api", s.get("target").asText());
        assertTrue(s.get("interrupted").asBoolean());
        assertEquals(8, s.get("runs").size());
        for (JsonNode run : s.get("runs")) {
            for (String field : List.of("concurrency", "workers", "rate_rps", "repeat", "duration_s", "requests",
                    "throughput_rps", "latency_ms", "service_time_ms", "status_codes", "errors", "interrupted")) {
                assertTrue(run.has(field), field);
            }
            long sent = run.at("/requests/sent").asLong();
            long failed = run.at("/requests/failed").asLong();
            assertEquals(sent, run.at("/requests/succeeded").asLong() + failed);
            long failing = run.at("/status_codes/503").asLong() + sum(run.get("errors"));
            assertEquals(failed, failing);
        }
        assertEquals(2, s.at("/runs/7/repeat").asInt());
        JsonNode a = s.get("assessment");
        assertEquals("c128-w4", a.at("/best/configuration").asText());
        assertEquals(128, a.at("/saturation/0/knee_concurrency").asInt());
        assertEquals(4, a.get("stability").size());
        assertEquals("http_503", a.at("/errors/0/kind").asText());
        assertEquals(52, a.at("/errors/0/count").asLong());
        assertEquals("8-core", a.at("/expectations/vm_size").asText());
        assertEquals(4, a.at("/expectations/checks").size());
    }

    @Test
    void histogramLogsReadBackAsEachRunsHistogram(@TempDir Path dir) throws Exception {
        MatrixResult r = matrix(false);
        Path folder = ReportFolder.write(dir, r, assess(r), null, Environment.current());
        for (MatrixRun run : r.runs()) {
            Histogram merged = Histograms.newHistogram();
            int intervals = 0;
            try (InputStream in = Files.newInputStream(folder.resolve(ReportFolder.histogramFileName(run.point())))) {
                HistogramLogReader reader = new HistogramLogReader(in);
                Histogram h;
                while ((h = (Histogram) reader.nextIntervalHistogram()) != null) {
                    assertEquals(run.result().timeline().get(intervals).latency().histogram(), h);
                    merged.add(h);
                    intervals++;
                }
            }
            assertEquals(run.result().timeline().size(), intervals);
            // the 503 responses' latencies are in the run's total but (in these constructed runs) in no interval
            if (run.result().statusCounts().getOrDefault(503, 0L) == 0) {
                assertEquals(run.result().latency().histogram(), merged);
            }
        }
    }

    @Test
    void reportRendersItsChartsInAHeadlessBrowserWithoutErrors(@TempDir Path dir) throws Exception {
        Optional<Path> browser = Chromium.find();
        if (Chromium.inCi()) {
            assertTrue(browser.isPresent(), "CI is set but no chromium on the PATH: .ci/run must install it");
        }
        assumeTrue(browser.isPresent(), "chromium not installed; skipped outside CI");
        MatrixResult r = matrix(false);
        Path folder = ReportFolder.write(dir, r, assess(r), "8-core", Environment.current());
        String html = Files.readString(folder.resolve("report.html"), StandardCharsets.UTF_8);
        assertFalse(html.contains("src=\"http"), "report.html must not load scripts from the network");
        assertFalse(html.contains("href=\"http"), "report.html must not load styles from the network");

        Path screenshot = Path.of("target", "report-screenshot.png");
        Files.createDirectories(screenshot.getParent());
        String dom = Chromium.dumpDom(browser.get(), folder.resolve("report.html"), screenshot);
        String root = dom.substring(dom.indexOf("<html"), dom.indexOf('>', dom.indexOf("<html")) + 1);
        assertFalse(root.contains("data-errors"), root);
        assertTrue(root.contains("data-render=\"ok\""), root);
        assertTrue(root.contains("data-charts=\"" + HtmlReport.CHARTS + "\""), root);
        assertEquals(HtmlReport.CHARTS, count(dom, "class=\"uplot"));
        assertTrue(count(dom, "<canvas") >= HtmlReport.CHARTS);
        assertTrue(dom.contains("saturates at concurrency 128"));
        assertNotEquals(0, Files.size(screenshot));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static long sum(JsonNode counts) {
        long n = 0;
        for (JsonNode v : counts) {
            n += v.asLong();
        }
        return n;
    }
}
