package dev.httpbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.report.ReportFolder;
import dev.httpbench.report.ResultsCsv;
import dev.httpbench.spi.Histograms;
import dev.httpbench.system.Check;
import dev.httpbench.system.SystemCheck;
import dev.httpbench.system.SystemReport;
import dev.httpbench.testsupport.TestServer;
import dev.httpbench.testsupport.TlsTestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end, in-process, against a loopback server, with tiny settings. */
class RunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every fifth request answers 503. */
    private static final String FLAKY = "/flaky?every=5&code=503";

    private static TestServer server;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Runner runner(Map<String, String> env) {
        return new Runner(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private int run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runner(Map.of()).run(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String[] tiny(String... more) {
        List<String> args = new ArrayList<>(List.of("--duration", "300ms", "--warmup", "0s", "--workers", "1",
                "--concurrent-levels", "2,4", "--output-dir", dir.toString(), "--quiet"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Path onlyReportFolder() throws Exception {
        try (Stream<Path> folders = Files.list(dir)) {
            List<Path> all = folders.toList();
            assertEquals(1, all.size(), all.toString());
            assertTrue(all.get(0).getFileName().toString().matches("\\d{8}-\\d{6}"), all.toString());
            return all.get(0);
        }
    }

    @Test
    void writesEveryReportFileWithCountsThatAddUpAndExits0() throws Exception {
        int code = run(tiny("--base-url", server.baseUrl(), "--path", FLAKY, "--repeats", "2",
                "--vm-size", "8-core"));
        assertEquals(Runner.EXIT_OK, code, err());
        Path folder = onlyReportFolder();
        assertTrue(out().contains("Report: " + folder.resolve("report.html")), out());
        assertTrue(out().contains("Best configuration"), out());

        JsonNode s = JSON.readTree(folder.resolve("summary.json").toFile());
        assertEquals(1, s.get("schema_version").asInt());
        assertEquals("httpbench", s.at("/tool/name").asText());
        assertTrue(s.at("/tool/version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), s.at("/tool/version").asText());
        assertTrue(s.get("started_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertEquals("8-core", s.get("vm_size").asText());
        assertEquals(server.baseUrl() + FLAKY, s.get("target").asText());
        assertFalse(s.get("interrupted").asBoolean());
        assertTrue(s.get("assessment").isObject());
        JsonNode runs = s.get("runs");
        assertEquals(4, runs.size());
        long failing503 = 0;
        for (JsonNode run : runs) {
            for (String field : List.of("concurrency", "workers", "rate_rps", "repeat", "duration_s", "requests",
                    "throughput_rps", "latency_ms", "service_time_ms", "status_codes", "errors", "interrupted")) {
                assertTrue(run.has(field), field + " missing in " + run.get("name"));
            }
            for (String key : List.of("min", "mean", "p50", "p90", "p99", "p999", "max")) {
                assertTrue(run.get("latency_ms").has(key), key);
            }
            assertTrue(run.get("rate_rps").isNull());
            long sent = run.at("/requests/sent").asLong();
            long failed = run.at("/requests/failed").asLong();
            assertTrue(sent > 0);
            assertEquals(sent, run.at("/requests/succeeded").asLong() + failed);
            long errors = 0;
            for (JsonNode n : run.get("errors")) {
                errors += n.asLong();
            }
            long badStatuses = run.at("/status_codes/503").asLong();
            assertEquals(failed, badStatuses + errors);
            failing503 += badStatuses;
            assertHistogramLogMatches(folder.resolve(run.get("histogram_log").asText()), run.get("latency_ms"));
        }
        assertTrue(failing503 > 0, "/flaky answers 503 to every fifth request");
        assertEquals(List.of(2, 2, 4, 4), runs.findValues("concurrency").stream().map(JsonNode::asInt).toList());
        assertEquals(List.of(1, 2, 1, 2), runs.findValues("repeat").stream().map(JsonNode::asInt).toList());
        assertEquals("http_503", s.at("/assessment/errors/0/kind").asText());

        List<String> csv = Files.readAllLines(folder.resolve("results.csv"));
        assertEquals(ResultsCsv.HEADER, csv.get(0));
        assertEquals(5, csv.size());
        String html = Files.readString(folder.resolve("report.html"));
        assertTrue(html.contains("uPlot"), "uPlot is inlined");
        assertFalse(html.contains("src=\"http"), "no script is fetched from the network");
    }

    private static void assertHistogramLogMatches(Path log, JsonNode latency) throws Exception {
        Histogram merged = Histograms.newHistogram();
        try (InputStream in = Files.newInputStream(log)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            Histogram h;
            while ((h = (Histogram) reader.nextIntervalHistogram()) != null) {
                merged.add(h);
            }
        }
        assertEquals(latency.get("count").asLong(), merged.getTotalCount(), log.toString());
        assertEquals(latency.get("p99").asDouble(), merged.getValueAtPercentile(99) / 1000.0, 1e-9, log.toString());
        assertEquals(latency.get("max").asDouble(), merged.getMaxValue() / 1000.0, 1e-9, log.toString());
    }

    @Test
    void ratesMakeOpenLoopRunsWithServiceTimes() throws Exception {
        int code = run(tiny("--base-url", server.baseUrl(), "--path", "/ok", "--concurrent-levels", "4",
                "--rate", "50,100"));
        assertEquals(Runner.EXIT_OK, code, err());
        JsonNode runs = JSON.readTree(onlyReportFolder().resolve("summary.json").toFile()).get("runs");
        assertEquals(List.of(50.0, 100.0), runs.findValues("rate_rps").stream().map(JsonNode::asDouble).toList());
        for (JsonNode run : runs) {
            assertTrue(run.get("service_time_ms").has("p99"), run.get("name").asText());
            assertEquals(run.at("/requests/sent").asLong(),
                    run.at("/requests/succeeded").asLong() + run.at("/requests/failed").asLong());
        }
        assertEquals("c4-w1-r100-rep1", runs.get(1).get("name").asText());
    }

    @Test
    void aViolatedThresholdIsPrintedMeasuredVsExpectedAndExits1() {
        int code = run(tiny("--base-url", server.baseUrl(), "--path", FLAKY, "--concurrent-levels", "2",
                "--assert-throughput", "1000000000", "--assert-error-rate", "0.01", "--assert-p99", "10s"));
        assertEquals(Runner.EXIT_THRESHOLD, code, err());
        assertTrue(out().matches("(?s).*THRESHOLD VIOLATED: c2-w1-rep1: throughput [0-9.]+ req/s is below "
                + "--assert-throughput 1000000000\\.0 req/s.*"), out());
        assertTrue(out().matches("(?s).*THRESHOLD VIOLATED: c2-w1-rep1: error rate 0\\.\\d+ \\(\\d+ of \\d+ failed\\) "
                + "is above --assert-error-rate 0\\.01.*"), out());
        assertFalse(out().contains("--assert-p99"), "P99 stayed under 10s");
    }

    @Test
    void thresholdsThatHoldExit0() {
        int code = run(tiny("--base-url", server.baseUrl(), "--path", "/ok", "--concurrent-levels", "2",
                "--assert-throughput", "1", "--assert-error-rate", "0", "--assert-p99", "10s"));
        assertEquals(Runner.EXIT_OK, code, out() + err());
        assertTrue(out().contains("All thresholds met."));
    }

    @Test
    void badValuesAreAllReportedNamingOptionRuleAndValueAndExit2() throws Exception {
        int code = run("--concurrent-levels", "0,abc", "--workers", "x", "--duration", "soon", "--repeats", "0",
                "--assert-error-rate", "2", "--header", "NoColon", "--base-url", "ftp://host",
                "--output-dir", dir.toString());
        assertEquals(Runner.EXIT_USAGE, code);
        List<String> lines = err().lines().toList();
        assertEquals(List.of(
                "httpbench: --base-url must be an http or https URL with a host and no query, like "
                        + "http://127.0.0.1:3000, but was 'ftp://host'",
                "httpbench: --duration must be a duration > 0 like 500ms, 30s or 2m but was 'soon'",
                "httpbench: --concurrent-levels must be a comma list of integers >= 1 (at most 100000) but was '0,abc'",
                "httpbench: --workers must be a comma list of integers >= 1 (at most 100000) but was 'x'",
                "httpbench: --repeats must be an integer between 1 and 1000 but was '0'",
                "httpbench: --header must be 'Name: value' but was 'NoColon'",
                "httpbench: --assert-error-rate must be a fraction between 0 and 1 but was '2'"), lines);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing is written on bad usage");
        }
    }

    @Test
    void environmentVariablesAreReadWhenTheFlagIsAbsentAndNamedInMessages() {
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> runner(Map.of(
                "CONCURRENT_LEVELS", "0,abc", "NUM_REQUESTS", "-5")).run("--output-dir", dir.toString()));
        assertEquals(Runner.EXIT_USAGE, code);
        assertEquals(List.of(
                "httpbench: --num-requests (from NUM_REQUESTS) must be an integer >= 1 but was '-5'",
                "httpbench: --concurrent-levels (from CONCURRENT_LEVELS) must be a comma list of integers >= 1 "
                        + "(at most 100000) but was '0,abc'"), err().lines().toList());
    }

    @Test
    void environmentSuppliesTargetRequestsAndOutputDir() throws Exception {
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runner(Map.of(
                "BASE_URL", server.baseUrl(), "NUM_REQUESTS", "50", "CONCURRENT_LEVELS", "3",
                "OUTPUT_DIR", dir.toString(), "VM_SIZE", "tiny")).run("--path", "/ok", "--warmup", "0s", "--quiet",
                "--workers", "1"));
        assertEquals(Runner.EXIT_OK, code, err());
        JsonNode s = JSON.readTree(onlyReportFolder().resolve("summary.json").toFile());
        assertEquals(server.baseUrl() + "/ok", s.get("target").asText());
        assertEquals("tiny", s.get("vm_size").asText());
        assertEquals(50, s.at("/runs/0/requests/sent").asLong());
        assertEquals(3, s.at("/runs/0/concurrency").asInt());
        assertTrue(err().contains("no expectations for --vm-size 'tiny' (known: 8-core)"), err());
    }

    @Test
    void unknownOptionsExit2WithAHint() {
        assertEquals(Runner.EXIT_USAGE, run("--concurrency", "8"));
        assertTrue(err().startsWith("httpbench: Unknown options: '--concurrency', '8'"), err());
        assertTrue(err().contains("Run 'httpbench --help' for the options."));
    }

    @Test
    void anUnreachableTargetExits3WithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        int code = run(tiny("--base-url", "http://127.0.0.1:" + port));
        assertEquals(Runner.EXIT_UNREACHABLE, code);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took too long");
        assertTrue(err().startsWith("httpbench: target unreachable: health check GET http://127.0.0.1:" + port
                + "/health failed: connection refused (nothing listening?)"), err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing is measured or written");
        }
    }

    @Test
    void anUnhealthyTargetExits3() {
        int code = run(tiny("--base-url", server.baseUrl(), "--health-path", "/status?code=503"));
        assertEquals(Runner.EXIT_UNREACHABLE, code);
        assertTrue(err().startsWith("httpbench: target unreachable: health check GET " + server.baseUrl()
                + "/status?code=503 answered 503 (expected 2xx)"), err());
    }

    @Test
    void withoutBaseUrlTheEmbeddedDemoTargetIsBenchmarked() throws Exception {
        int code = run(tiny("--concurrent-levels", "4"));
        assertEquals(Runner.EXIT_OK, code, err());
        assertTrue(out().startsWith("No --base-url given: benchmarking the embedded demo target at http://127.0.0.1:"),
                out());
        JsonNode s = JSON.readTree(onlyReportFolder().resolve("summary.json").toFile());
        assertTrue(s.at("/runs/0/requests/succeeded").asLong() > 0);
        assertEquals(0, s.at("/runs/0/requests/failed").asLong());
    }

    @Test
    void ctrlCStopsTheRunWritesWhatWasMeasuredMarkedInterruptedAndExits130() throws Exception {
        Runner runner = runner(Map.of());
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> runner.run("--base-url",
                server.baseUrl(), "--path", "/ok", "--duration", "30s", "--warmup", "0s", "--workers", "1",
                "--concurrent-levels", "2,4", "--output-dir", dir.toString(), "--quiet"));
        // wait until the first run has measured something (warm-up is 0s: every request is measured)
        long before = server.ok();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.ok() - before < 50 && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        runner.interrupt();
        assertEquals(Runner.EXIT_INTERRUPTED, code.get(15, TimeUnit.SECONDS));
        assertTrue(runner.awaitFinished(Duration.ofSeconds(1)));
        JsonNode s = JSON.readTree(onlyReportFolder().resolve(ReportFolder.SUMMARY).toFile());
        assertTrue(s.get("interrupted").asBoolean());
        assertEquals(1, s.get("runs").size(), "the second level never started");
        JsonNode run = s.at("/runs/0");
        assertTrue(run.get("interrupted").asBoolean());
        assertTrue(run.at("/requests/succeeded").asLong() > 0);
        assertTrue(run.get("duration_s").asDouble() < 30);
        long errors = 0;
        for (JsonNode n : run.get("errors")) {
            errors += n.asLong();
        }
        assertEquals(run.at("/requests/sent").asLong(), run.at("/requests/succeeded").asLong() + errors);
        assertTrue(err().contains("httpbench: interrupted: 1 of 2 run(s) measured"), err());
    }

    @Test
    void helpDocumentsEveryOptionAndExits0() {
        assertEquals(Runner.EXIT_OK, run("--help"));
        for (String option : List.of("--base-url", "--path", "--num-requests", "--duration", "--concurrent-levels",
                "--workers", "--rate", "--warmup", "--timeout", "--repeats", "--vm-size", "--output-dir",
                "--health-path", "--method", "--header", "--body", "--body-file", "--slo-p99", "--assert-throughput",
                "--assert-p99", "--assert-error-rate", "--quiet", "--insecure", "--http2", "--stages", "--check-system", "--tuning-script", "BASE_URL", "NUM_REQUESTS", "CONCURRENT_LEVELS",
                "VM_SIZE", "OUTPUT_DIR")) {
            assertTrue(out().contains(option), option + " missing from --help");
        }
    }

    @Test
    void checkSystemPrintsEveryCheckForThePlannedLoadAndSendsNothing() {
        long before = server.requests();
        int code = run("--check-system", "--base-url", server.baseUrl(), "--concurrent-levels", "64,512",
                "--workers", "2");

        SystemReport expected = SystemCheck.forLoad(512, 2).run();
        assertEquals(expected.hasCritical() ? Runner.EXIT_THRESHOLD : Runner.EXIT_OK, code, out() + err());
        assertTrue(out().contains("System check for 512 connections, 2 workers"), out());
        for (Check check : expected.checks()) {
            assertTrue(out().contains(check.name()), check.name() + " missing from\n" + out());
        }
        assertEquals(before, server.requests(), "--check-system sends no request");
    }

    @Test
    void tuningScriptIsWrittenForReviewNotApplied() throws Exception {
        Path script = dir.resolve("tune.sh");
        int code = run("--check-system", "--tuning-script", script.toString(), "--concurrent-levels", "1024");

        assertTrue(code == Runner.EXIT_OK || code == Runner.EXIT_THRESHOLD, "exit " + code);
        String text = Files.readString(script);
        assertTrue(text.startsWith("#!"), text);
        assertTrue(text.contains("sysctl"), text);
        assertTrue(out().contains("Tuning script written to " + script), out());
    }

    @Test
    void insecureBenchmarksAnHttpsTargetWithASelfSignedCertificate() throws Exception {
        try (TlsTestServer tls = new TlsTestServer(dir.resolve("tls"))) {
            assertEquals(Runner.EXIT_UNREACHABLE, run(tiny("--base-url", tls.baseUrl())), err());
            assertTrue(err().contains("health check GET " + tls.baseUrl() + "/health failed"), err());

            assertEquals(Runner.EXIT_OK, run(tiny("--base-url", tls.baseUrl(), "--insecure",
                    "--concurrent-levels", "2", "--output-dir", dir.resolve("out").toString())), err());
            assertTrue(out().contains("c2-w1-rep1"), out());
            assertTrue(out().contains("failed 0"), out());
        }
    }

    @Test
    void theDemoTargetAnswersHttp2Too() throws Exception {
        assertEquals(Runner.EXIT_OK, run(tiny("--http2", "--concurrent-levels", "4")), err());
        JsonNode run = JSON.readTree(onlyReportFolder().resolve("summary.json").toFile()).at("/runs/0");
        assertTrue(run.at("/requests/succeeded").asLong() > 0, run.toString());
        assertEquals(run.at("/requests/sent").asLong(), run.at("/requests/succeeded").asLong());
    }

    @Test
    void http2IsSpokenWhenAskedFor() throws Exception {
        try (TestServer h2c = TestServer.h2c()) {
            assertEquals(Runner.EXIT_OK, run(tiny("--base-url", h2c.baseUrl(), "--health-path", "/ok", "--path", "/ok",
                    "--http2", "--concurrent-levels", "4")), err());
            assertTrue(h2c.http2Requests() > 0, "requests over HTTP/2: " + h2c.http2Requests());
            assertEquals(h2c.requests(), h2c.http2Requests(), "the benchmark spoke nothing else");
        }
    }

    @Test
    void stagesRunAnOpenLoopProfileAndAreWrittenToTheSummary() throws Exception {
        int code = run("--base-url", server.baseUrl(), "--path", "/ok", "--stages", "0-200/500ms,200/500ms",
                "--concurrent-levels", "4", "--workers", "1", "--warmup", "0s", "--output-dir", dir.toString(), "--quiet");

        assertEquals(Runner.EXIT_OK, code, err());
        assertTrue(out().contains("1s in 2 stages"), out());
        JsonNode run = JSON.readTree(onlyReportFolder().resolve("summary.json").toFile()).at("/runs/0");
        assertEquals(2, run.get("stages").size(), run.toString());
        assertEquals(150, run.at("/requests/sent").asLong(), "50 in the ramp, 100 in the hold");
        assertEquals(150, run.at("/requests/succeeded").asLong());
    }

    @Test
    void stagesExcludeRateAndDurationAndMustParse() {
        assertEquals(Runner.EXIT_USAGE, run("--stages", "0-200/1s", "--rate", "100", "--duration", "2s"));
        assertTrue(err().contains("httpbench: --duration must not be set with --stages (their total is the duration) "
                + "but was '2s'"), err());
        assertTrue(err().contains("httpbench: --rate and --stages are exclusive: set one of them (--rate was '100')"),
                err());
        assertEquals(Runner.EXIT_USAGE, run("--stages", "fast"));
        assertTrue(err().contains("httpbench: --stages must be a comma list of RATE/DURATION or FROM-TO/DURATION "
                + "with rates in 0-10000000 requests/s and durations > 0 (e.g. 0-400/10s,400/20s) but was 'fast'"), err());
    }
}
