package dev.httpbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.Stage;
import dev.httpbench.Timing;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.matrix.MatrixRunner;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import dev.httpbench.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real headless browser, at a desktop width (1400 px) and a phone's (390 px), built
 * from real runs against a loopback server: no script or console error, every chart drawn that the
 * runs have data for, nothing spilling out of the page, the runs table fitting 1400 px. Screenshots go
 * to {@code target/report-screenshots/} to be looked at.
 */
@Timeout(300)
class ReportInBrowserTest {
    static final int DESKTOP = 1400;
    static final int PHONE = 390;
    static final Path SCREENSHOTS = Path.of("target", "report-screenshots");

    /** Charts drawn only when every interval of the shown run carries the figure they plot. */
    static final Map<String, Predicate<Interval>> ENGINE_FIGURES = new LinkedHashMap<>();

    static {
        ENGINE_FIGURES.put("Bytes received per second", i -> i.bytesReceived().isPresent());
        ENGINE_FIGURES.put("In flight and connections", i -> i.inFlight().isPresent()
                || i.client().map(s -> s.tcpEstablished() >= 0).orElse(false));
        ENGINE_FIGURES.put("Generator CPU", i -> i.client().isPresent());
    }

    static Chromium browser;
    static TestServer server;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path executable = Chromium.find().orElse(null);
        if (Chromium.inCi()) {
            assertTrue(executable != null, "CI is set but no chromium on the PATH: .ci/run must install it");
        }
        assumeTrue(executable != null, "chromium not installed; skipped outside CI");
        browser = Chromium.start(executable);
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aClosedLoopMatrixDrawsEveryChartAtDesktopAndPhoneWidthWithoutErrors() throws Exception {
        Matrix matrix = Matrix.builder(Benchmark.target(server.url("/flaky?every=5&code=503&ms=2"))
                .duration(Duration.ofMillis(1500)).warmup(Duration.ofMillis(200))
                .reportInterval(HtmlReport.reportInterval(Duration.ofMillis(1500))).build())
                .concurrencyLevels(2, 8).workerCounts(1).repeats(2).build();
        MatrixResult result = new MatrixRunner(matrix).run();
        Assessment assessment = Assessment.of(result, Criteria.defaults());
        Path html = ReportFolder.write(dir, result, assessment, null, Environment.current()).resolve(ReportFolder.HTML);

        for (int width : new int[] {DESKTOP, PHONE}) {
            Chromium.Page page = render(html, width, "closed-loop-" + width + ".png");
            List<String> drawn = List.of(page.rootAttribute("data-chart-names").split("\\|"));
            for (String chart : List.of("Throughput and P99 against concurrency", "Latency by percentile",
                    "Latency histogram", "Throughput", "Latency percentiles", "Responses and failures",
                    "Throughput of every run", "P99 of every run")) {
                assertTrue(drawn.contains(chart), chart + " missing from " + drawn);
            }
            assertFalse(drawn.contains("Planned vs achieved rate"), "closed loop has no planned rate");
            assertOnlyUnrecordedFiguresMissing(page, result);
            assertTrue(page.dom().contains("Best configuration"), "the assessment is on the page");
            assertTrue(drawn.contains("Mean time per response by phase"), drawn.toString());
            assertEquals(result.runs().size(), count(page.dom(), "class=\"phase-ttfb\""), "a ttfb segment per run");
            assertEquals(0, count(page.dom(), "class=\"phase-tls\""), "no TLS on http");
            assertEquals(0, count(page.dom(), "class=\"phase-queue\""), "no queue in closed loop");
        }
    }

    @Test
    void aStagesRunShowsPlannedVersusAchievedRateAndNoChartAgainstConcurrency() throws Exception {
        Matrix matrix = Matrix.builder(Benchmark.target(server.url("/delay?ms=20")).concurrency(16).workers(1)
                .stages(Stage.ramp(50, 400, Duration.ofSeconds(1)), Stage.constant(400, Duration.ofSeconds(1)))
                .warmup(Duration.ofMillis(200)).reportInterval(HtmlReport.reportInterval(Duration.ofSeconds(2)))
                .build()).build();
        MatrixResult result = new MatrixRunner(matrix).run();
        Path html = ReportFolder.write(dir, result, Assessment.of(result, Criteria.defaults()), null,
                Environment.current()).resolve(ReportFolder.HTML);

        for (int width : new int[] {DESKTOP, PHONE}) {
            Chromium.Page page = render(html, width, "stages-" + width + ".png");
            List<String> drawn = List.of(page.rootAttribute("data-chart-names").split("\\|"));
            assertTrue(drawn.contains("Planned vs achieved rate"), drawn.toString());
            assertTrue(drawn.contains("Latency vs service time"), drawn.toString());
            assertFalse(drawn.stream().anyMatch(c -> c.contains("against")), drawn.toString());
            assertFalse(drawn.contains("Throughput of every run"), "one run: no chart comparing runs");
            assertOnlyUnrecordedFiguresMissing(page, result);
            assertTrue(page.dom().contains("stages: 50-400 req/s for 1s, 400 req/s for 1s"), "the profile is shown");
        }
    }

    @Test
    void aWorkloadRunDrawsOneColourPerEndpointAndPerInstance() throws Exception {
        try (TestServer second = new TestServer()) {
            Matrix matrix = Matrix.builder(Benchmark.targets(List.of(java.net.URI.create(server.baseUrl()),
                            java.net.URI.create(second.baseUrl())))
                    .endpoint("ok", dev.httpbench.Request.get("/ok").weight(3))
                    .endpoint("slow", dev.httpbench.Request.get("/delay?ms=5"))
                    .concurrency(4).workers(1).duration(Duration.ofMillis(1000)).warmup(Duration.ZERO)
                    .reportInterval(HtmlReport.reportInterval(Duration.ofMillis(1000))).build()).build();
            MatrixResult result = new MatrixRunner(matrix).run();
            Path html = ReportFolder.write(dir, result, Assessment.of(result, Criteria.defaults()), null,
                    Environment.current()).resolve(ReportFolder.HTML);

            for (int width : new int[] {DESKTOP, PHONE}) {
                Chromium.Page page = render(html, width, "workload-" + width + ".png");
                List<String> drawn = List.of(page.rootAttribute("data-chart-names").split("\\|"));
                assertTrue(drawn.contains("Latency by percentile, per endpoint"), drawn.toString());
                assertTrue(drawn.contains("Latency by percentile, per instance"), drawn.toString());
                assertTrue(page.dom().contains("slow: "), "the caption counts each endpoint");
            }
        }
    }

    @Test
    void aMaxRateSearchDrawsP99AndErrorRateAgainstTheOfferedRateWithTheSloAndTheKnee() throws Exception {
        Matrix matrix = Matrix.builder(Benchmark.target(server.url("/delay?ms=5")).concurrency(8).workers(1)
                .duration(Duration.ofMillis(800)).warmup(Duration.ZERO)
                .reportInterval(HtmlReport.reportInterval(Duration.ofMillis(800))).build())
                .rates(List.of(50.0, 100.0, 200.0)).build();
        MatrixResult result = new MatrixRunner(matrix).run();
        // the section as the runner writes it for --find-max-rate (dev.httpbench.cli.analysis.MaxRateReport)
        List<Map<String, Object>> probes = new ArrayList<>();
        double[][] figures = {{50, 6.1, 0}, {100, 7.9, 0}, {200, 180.0, 0.02}, {150, 40.2, 0}, {150, 41.0, 0}};
        for (double[] f : figures) {
            probes.add(Map.of("rate_rps", f[0], "p99_ms", f[1], "error_rate", f[2], "verdict", f[1] > 100 ? "broken" : "met"));
        }
        Map<String, Object> maxRate = new LinkedHashMap<>();
        maxRate.put("rate_rps", 150.0);
        maxRate.put("p99_ms", 41.0);
        maxRate.put("broken_at_rps", 200.0);
        maxRate.put("stop", "found");
        maxRate.put("explanation", "The highest rate that meets the SLO is 150 requests/s (p99 41ms).");
        maxRate.put("slo", Map.of("p99_ms", 100.0, "max_error_rate", 0.01, "rate_tolerance_percent", 5.0));
        maxRate.put("probes", probes);
        Path html = ReportFolder.write(dir, result, Assessment.of(result, Criteria.defaults()), null,
                Environment.current(), Map.of("max_rate", maxRate)).resolve(ReportFolder.HTML);

        for (int width : new int[] {DESKTOP, PHONE}) {
            Chromium.Page page = render(html, width, "max-rate-" + width + ".png");
            List<String> drawn = List.of(page.rootAttribute("data-chart-names").split("\\|"));
            assertEquals("P99 and error rate against the offered rate", drawn.get(0), drawn.toString());
            assertTrue(page.dom().contains("The highest rate that meets the SLO is 150 requests/s (p99 41ms)."),
                    "the answer is on the page");
            assertTrue(page.dom().contains("the vertical line is the highest rate that met the SLO, 150 req/s"),
                    "the knee is named in the caption");
        }
    }

    @Test
    void aReportWithoutASearchHasNoMaxRateSection() throws Exception {
        Matrix matrix = Matrix.builder(Benchmark.target(server.url("/ok")).concurrency(2).workers(1)
                .duration(Duration.ofMillis(300)).warmup(Duration.ZERO).build()).build();
        MatrixResult result = new MatrixRunner(matrix).run();
        Path html = ReportFolder.write(dir, result, Assessment.of(result, Criteria.defaults()), null,
                Environment.current()).resolve(ReportFolder.HTML);
        Chromium.Page page = render(html, DESKTOP, "no-max-rate-" + DESKTOP + ".png");
        assertFalse(page.rootAttribute("data-chart-names").contains("against the offered rate"));
        assertTrue(page.dom().contains("id=\"max-rate-section\" style=\"display: none"), "the section stays hidden");
    }

    /**
     * Constructed data, not a run: every per-interval figure an engine can record (statuses, failure
     * kinds, issued requests, bytes, in flight, service time, send lag), to draw every chart there is.
     */
    @Test
    void aRunWithEveryPerIntervalFigureDrawsEveryChart() throws Exception {
        var config = Benchmark.target("http://127.0.0.1:3000/api").rate(300).concurrency(32).workers(2)
                .duration(Duration.ofSeconds(3)).reportInterval(Duration.ofMillis(100)).build();
        List<Interval> timeline = new ArrayList<>();
        Histogram total = Histograms.newHistogram();
        java.time.Instant start = java.time.Instant.parse("2026-11-29T08:15:00Z");
        for (int k = 0; k < 30; k++) {
            Histogram latency = Histograms.newHistogram();
            Histogram service = Histograms.newHistogram();
            Histogram lag = Histograms.newHistogram();
            for (int n = 0; n < 30; n++) {
                latency.recordValue(2_000 + 150L * n + 100L * k * (n % 3));
                service.recordValue(1_500 + 120L * n);
                lag.recordValue(20 + n);
            }
            total.add(latency);
            Duration offset = Duration.ofMillis(100L * k);
            timeline.add(Intervals.builder(start.plus(offset), offset, Duration.ofMillis(100)).succeeded(26).failed(4)
                    .latency(latency).serviceTime(service).sendLag(lag).sent(30).status(200, 26).status(503, 3)
                    .error(FailureKind.REQUEST_TIMEOUT, 1).bytesReceived(26 * 1_024).inFlight(6 + k % 4).build());
        }
        var r = ResultBuilder.of(config).startedAt(start).duration(Duration.ofSeconds(3)).sent(900).status(200, 780)
                .status(503, 90).error(FailureKind.REQUEST_TIMEOUT, 30).bytesReceived(780 * 1_024)
                .latency(dev.httpbench.LatencyDistribution.of(total)).timeline(timeline).connectionsOpened(32)
                .timing(Timing.builder().queue(micros(870, 200)).connect(micros(32, 150)).tls(micros(32, 2_000))
                        .ttfb(micros(870, 1_800)).transfer(micros(870, 100)).build())
                .build();
        MatrixResult result = new MatrixResult(Matrix.builder(config).build(), start,
                List.of(new MatrixRun(Matrix.builder(config).build().points().get(0), r)), false);
        Path html = ReportFolder.write(dir, result, Assessment.of(result, Criteria.defaults()), "2-core",
                Environment.current()).resolve(ReportFolder.HTML);

        Chromium.Page page = render(html, DESKTOP, "every-figure-" + DESKTOP + ".png");
        List<String> drawn = List.of(page.rootAttribute("data-chart-names").split("\\|"));
        assertEquals(List.of("Latency by percentile", "Latency histogram", "Mean time per response by phase", "Planned vs achieved rate",
                "Latency vs service time", "Responses and failures", "In flight and connections",
                "Bytes received per second"), drawn);
        assertEquals("Generator CPU", page.rootAttribute("data-missing"), "no monitor data was constructed");
        for (String phase : List.of("queue", "connect", "tls", "ttfb", "transfer")) {
            assertEquals(1, count(page.dom(), "class=\"phase-" + phase + "\""), phase + " has its segment");
        }
        assertTrue(page.dom().contains("time to first byte: mean 1.8 ms, p50 1.8 ms, p99 1.8 ms (870 responses)"),
                "each phase's figures are on the page");
        assertTrue(page.dom().contains("TLS: mean 2 ms, p50 2 ms, p99 2 ms (32 connections)"), "per connection");
    }

    /** {@code n} values of {@code micros} microseconds. */
    private static dev.httpbench.LatencyDistribution micros(int n, long micros) {
        Histogram h = Histograms.newHistogram();
        h.recordValueWithCount(micros, n);
        return dev.httpbench.LatencyDistribution.of(h);
    }

    /** Loads the page, checks what every page must satisfy, and writes its full-height screenshot. */
    private static Chromium.Page render(Path html, int width, String screenshot) throws Exception {
        Chromium.Page page = browser.open(html, width);
        assertEquals(List.of(), page.console(), "the page wrote to the console or threw");
        assertNull(page.rootAttribute("data-errors"), "script errors");
        assertEquals("ok", page.rootAttribute("data-render"));
        assertEquals("0", page.rootAttribute("data-page-overflow"), "nothing may be wider than the window");
        if (width >= DESKTOP) {
            assertEquals("0", page.rootAttribute("data-runs-overflow"), "the runs table must fit " + width + " px");
        }
        assertEquals(count(page.dom(), "<figure"), count(page.dom(), "<figcaption"), "one caption per chart");
        assertFalse(page.dom().contains(">--<"), "a legend shows a placeholder dash");
        String text = Files.readString(html, StandardCharsets.UTF_8);
        assertFalse(text.contains("src=\"http"), "report.html must not load scripts from the network");
        assertFalse(text.contains("href=\"http"), "report.html must not load styles from the network");
        Path png = SCREENSHOTS.resolve(screenshot);
        browser.screenshot(png);
        assertTrue(Files.size(png) > 10_000, png + " is empty");
        Files.copy(html, SCREENSHOTS.resolve(screenshot.replaceAll("-\\d+\\.png$", ".html")),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return page;
    }

    /** A chart may only be missing when the shown run's intervals lack its figure. */
    private static void assertOnlyUnrecordedFiguresMissing(Chromium.Page page, MatrixResult result) {
        String missing = page.rootAttribute("data-missing");
        if (missing == null || missing.isEmpty()) {
            return;
        }
        for (String chart : missing.split("\\|")) {
            Predicate<Interval> has = ENGINE_FIGURES.get(chart);
            assertTrue(has != null, "chart '" + chart + "' is not one an engine may leave without data");
            boolean everywhere = result.runs().stream().allMatch(run -> run.result().timeline().stream().allMatch(has));
            assertFalse(everywhere, "chart '" + chart + "' is missing although every interval has its data");
        }
    }

    private static int count(String text, String what) {
        return (int) Arrays.stream(text.split(java.util.regex.Pattern.quote(what), -1)).count() - 1;
    }
}
