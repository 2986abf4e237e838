package dev.httpbench.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.HttpProtocol;
import dev.httpbench.Stage;
import dev.httpbench.testsupport.TestServer;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Drives {@link LoadTest} classes through JUnit's engine test kit against a loopback server. The
 * driven classes are nested below, tagged {@code fixture}, which Surefire excludes, so they run only
 * here. Gates fail deterministically through impossible limits or a server delay, never through
 * timing luck.
 */
@Timeout(120)
class LoadTestExtensionTest {
    /**
     * The automatic warm-up (the default) sends unmeasured requests the servers here would count: without
     * it, a server's count equals the requests the run measured.
     */
    private static final String NO_WARMUP = "0s";

    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    @TempDir
    Path reports;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    // ---------------------------------------------------------------- the classes driven by the kit

    @Tag("fixture")
    static class Passing {
        @LoadTest(target = "${fixture.url}/ok", workers = 1, concurrency = 2, requests = 200, minThroughput = 1,
                maxErrorRate = 0)
        void gate(BenchmarkResult result, BenchmarkConfig.Builder builder, TestReporter reporter) {
            reporter.publishEntry("fixture.sent", Long.toString(result.sent()));
            reporter.publishEntry("fixture.builder", builder.build().toString());
        }
    }

    @Tag("fixture")
    static class Failing {
        // 20 ms per response and every second one a 500: p50, throughput and error rate all fail
        @LoadTest(target = "${fixture.url}/flaky?ms=20", workers = 1, concurrency = 10, requests = 100,
                minThroughput = 1e9, percentiles = "50=1ms", maxErrorRate = 0.01)
        void gate() {
        }
    }

    @Tag("fixture")
    static class FewSamples {
        @LoadTest(target = "${fixture.url}/ok", workers = 1, concurrency = 2, requests = 100, p99 = "10s")
        void gate() {
        }
    }

    @Tag("fixture")
    static class WithinSlowBaseline {
        @LoadTest(target = "${fixture.url}/ok", workers = 1, concurrency = 4, requests = 1000,
                baseline = "baselines/slow.json", maxThroughputDropPercent = 10, maxP99IncreasePercent = 10)
        void gate() {
        }
    }

    @Tag("fixture")
    static class BehindFastBaseline {
        @LoadTest(target = "${fixture.url}/ok", workers = 1, concurrency = 4, requests = 1000,
                baseline = "baselines/fast.json", maxThroughputDropPercent = 10, maxP99IncreasePercent = 10)
        void gate() {
        }
    }

    @Tag("fixture")
    static class MissingBaseline {
        @LoadTest(target = "${fixture.url}/ok", workers = 1, concurrency = 2, requests = 100,
                baseline = "baselines/missing.json", maxThroughputDropPercent = 10)
        void gate() {
        }
    }

    @Tag("fixture")
    static class BrokenBaseline {
        @LoadTest(target = "${fixture.url}/ok", requests = 100, baseline = "baselines/broken.json",
                maxP99IncreasePercent = 10)
        void gate() {
        }
    }

    @Tag("fixture")
    static class BadAttributes {
        @LoadTest(target = "${fixture.url}/ok", concurrency = 0, workers = -2, rate = -1, duration = "fast",
                percentiles = {"abc", "99.9=0ms", "120=1s"}, maxErrorRate = 2, minThroughput = -5,
                maxThroughputDropPercent = 10)
        void gate() {
        }
    }

    @Tag("fixture")
    static class UnresolvedPlaceholder {
        @LoadTest(target = "${no.such.url}/ok", requests = 10)
        void gate() {
        }
    }

    /** Starts its own server on a random port and supplies it through {@link LoadTarget}. */
    @Tag("fixture")
    static class OwnServer {
        private TestServer own;

        @BeforeEach
        void start() throws Exception {
            own = new TestServer();
        }

        @AfterEach
        void stop() throws Exception {
            own.close();
        }

        @LoadTarget
        String base() {
            return own.baseUrl();
        }

        @LoadTest(target = "/ok", workers = 1, concurrency = 2, requests = 50)
        void gate(BenchmarkResult result) {
            assertEquals(50, result.sent());
            assertEquals(own.requests(), result.sent());
        }
    }

    /** Its load would last a minute, but the test thread is interrupted after half a second. */
    @Tag("fixture")
    static class Interrupted {
        @BeforeEach
        void interruptSoon() {
            Thread test = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    test.interrupt();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fixture-interrupter");
            interrupter.setDaemon(true);
            interrupter.start();
        }

        @LoadTest(target = "${fixture.url}/delay?ms=5", workers = 1, concurrency = 2, duration = "60s")
        void gate() {
        }
    }

    @Tag("fixture")
    static class TwoTargets {
        @LoadTarget
        final String url = "http://127.0.0.1:1";

        @LoadTarget
        String base() {
            return url;
        }

        @LoadTest(target = "/ok", requests = 10)
        void gate() {
        }
    }

    /** Two load tests that would overlap if JUnit ran them in parallel. */
    @Tag("fixture")
    static class TwoLoads {
        @LoadTest(target = "${fixture.url}/delay?ms=20", workers = 1, concurrency = 2, requests = 60)
        void first() {
        }

        @LoadTest(target = "${fixture.url}/delay?ms=20", workers = 1, concurrency = 2, requests = 60)
        void second() {
        }
    }

    @Tag("fixture")
    static class OverHttp2 {
        @LoadTest(target = "${h2c.url}/ok", protocol = HttpProtocol.HTTP_2, workers = 1, concurrency = 2,
                requests = 50, minThroughput = 1)
        void h2c(BenchmarkResult result) {
            assertEquals(50, result.succeeded());
        }
    }

    @Tag("fixture")
    static class Staged {
        @LoadTest(target = "${fixture.url}/ok", workers = 1, concurrency = 4, stages = {"20-100/300ms", "100/300ms"},
                warmup = "0s", maxErrorRate = 0)
        void profile(BenchmarkResult result) {
            assertEquals(List.of(Stage.ramp(20, 100, Duration.ofMillis(300)), Stage.constant(100,
                    Duration.ofMillis(300))), result.config().stages());
            assertTrue(result.sent() > 0);
        }
    }

    @Tag("fixture")
    static class BadStages {
        @LoadTest(target = "${fixture.url}/ok", stages = {"fast", "10-20/0s"}, duration = "1s")
        void profile() {
        }
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void theStagesAttributeRunsAnOpenLoopProfile() {
        EngineExecutionResults results = run(Staged.class, Map.of());

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertTrue(server.requests() > 0);
    }

    @Test
    void badStagesNameTheEntryAndTheRuleBeforeAnyLoad() {
        Throwable e = failure(run(BadStages.class, Map.of()));

        assertInstanceOf(ExtensionConfigurationException.class, e);
        assertEquals("@LoadTest stages entries must be RATE/DURATION or FROM-TO/DURATION like 0-400/10s but was "
                + "'fast'", e.getMessage());
        assertEquals(0, server.requests());
    }

    @Test
    void aPassingGateSucceedsHandsTheResultAndBuilderToTheMethodAndPublishesEntries() {
        EngineExecutionResults results = run(Passing.class, Map.of());

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Map<String, String> entries = entries(results);
        assertEquals("200", entries.get("fixture.sent"));
        assertEquals(200, server.requests());
        assertTrue(entries.get("fixture.builder").startsWith("GET " + server.baseUrl() + "/ok workers=1 concurrency=2"
                + " requests=200"), entries.get("fixture.builder"));
        assertEquals("passed: 2 thresholds judged", entries.get("httpbench.verdict"));
        assertTrue(entries.get("httpbench.summary").contains("requests 200 sent, 200 succeeded, 0 failed"),
                entries.get("httpbench.summary"));
    }

    @Test
    void resultFilesAreWrittenPerClassAndMethodAndParse() throws Exception {
        EngineExecutionResults results = run(Passing.class, Map.of());

        results.testEvents().assertStatistics(s -> s.succeeded(1));
        Path folder = reports.resolve(Passing.class.getName()).resolve("gate");
        assertEquals(folder.resolve("result.json").toAbsolutePath().toString(), entries(results).get("httpbench.result"));
        JsonNode json = JSON.readTree(folder.resolve("result.json").toFile());
        assertEquals(200, json.path("requests").path("sent").asLong());
        assertEquals(200, json.path("latency_ms").path("count").asLong());
        long logged = 0;
        HistogramLogReader reader = new HistogramLogReader(new File(folder.resolve("latency.hlog").toString()));
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
        }
        assertEquals(200, logged);
    }

    @Test
    void aFailingGateListsEveryViolationWithItsMeasuredValue() {
        EngineExecutionResults results = run(Failing.class, Map.of());

        results.testEvents().assertStatistics(s -> s.failed(1));
        String message = failure(results).getMessage();
        assertTrue(message.startsWith("benchmark thresholds not met: 3 of 3 thresholds violated\n"), message);
        assertTrue(Pattern.compile("\n  violated: throughput [0-9.]+ req/s, expected at least 1000000000.00 req/s\n")
                .matcher(message).find(), message);
        assertTrue(Pattern.compile("\n  violated: p50 [0-9.]+ms, expected at most 1ms\n").matcher(message).find(),
                message);
        assertTrue(message.contains("\n  violated: error rate 50.00% (50 of 100 requests failed), expected at most"
                + " 1.00%\n"), message);
        assertTrue(message.contains("\n  requests 100 sent, 50 succeeded, 50 failed (error rate 50.00%);"
                + " statuses 200=50, 500=50; errors none\n"), message);
        assertEquals("failed", entries(results).get("httpbench.verdict"));
    }

    @Test
    void configurationParametersOverrideThresholdsAndLoad() {
        EngineExecutionResults results = run(Passing.class, Map.of(LoadTestKeys.MIN_THROUGHPUT, "1e9",
                LoadTestKeys.REQUESTS, "50", LoadTestKeys.PERCENTILE_PREFIX + "50", "1h"));

        String message = failure(results).getMessage();
        assertTrue(message.startsWith("benchmark thresholds not met: 1 of 3 thresholds violated\n"), message);
        assertTrue(message.contains(", expected at least 1000000000.00 req/s\n"), message);
        assertTrue(Pattern.compile("\n  passed: p50 [0-9.]+[mu]?s, expected at most 1h\n").matcher(message).find()
                || message.contains("expected at most 60m"), message);
        assertTrue(message.contains("\n  requests 50 sent, 50 succeeded, 0 failed"), message);
        assertEquals(50, server.requests());
    }

    @Test
    void theScaleFactorLoosensLimitsAndSaysSo() {
        EngineExecutionResults results = run(Failing.class, Map.of(LoadTestKeys.SCALE, "0.5"));

        String message = failure(results).getMessage();
        assertTrue(message.contains(", expected at least 500000000.00 req/s (1000000000.00 req/s x scale 0.5)\n"),
                message);
        assertTrue(message.contains(", expected at most 2ms (1ms / scale 0.5)\n"), message);
    }

    @Test
    void warnModeRunsAndJudgesButPassesWithTheViolationsAsAReportEntry() {
        EngineExecutionResults results = run(Failing.class, Map.of(LoadTestKeys.MODE, "warn"));

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        Map<String, String> entries = entries(results);
        assertEquals("warned (httpbench.mode=warn)", entries.get("httpbench.verdict"));
        assertTrue(entries.get("httpbench.warning").contains("violated: error rate 50.00% (50 of 100 requests"
                + " failed), expected at most 1.00%"), entries.get("httpbench.warning"));
        assertEquals(100, server.requests());
    }

    @Test
    void offModeSkipsLoadTestsWithoutSendingARequest() {
        EngineExecutionResults results = run(Failing.class, Map.of(LoadTestKeys.MODE, "OFF"));

        results.testEvents().assertStatistics(s -> s.skipped(1).started(0));
        Event skipped = results.testEvents().skipped().list().get(0);
        assertEquals("load tests are off: httpbench.mode=off", skipped.getRequiredPayload(String.class));
        assertEquals(0, server.requests());
    }

    @Test
    void aPercentileOnTooFewSamplesIsInconclusiveAndFailsUnlessSwitchedOff() {
        String message = failure(run(FewSamples.class, Map.of())).getMessage();
        assertTrue(message.startsWith("benchmark thresholds not met: 0 of 1 thresholds violated, 1 inconclusive"
                + " (failing)\n  inconclusive: p99 not judged (limit 10s): it needs at least 1000 latency samples but"
                + " the run recorded 100\n"), message);

        EngineExecutionResults lenient = run(FewSamples.class, Map.of(LoadTestKeys.FAIL_ON_INCONCLUSIVE, "false"));
        lenient.testEvents().assertStatistics(s -> s.succeeded(1));
        assertEquals("passed: 1 thresholds judged (1 inconclusive, not failing)",
                entries(lenient).get("httpbench.verdict"));
    }

    @Test
    void aRunWithinTheBaselinesLimitsPasses() {
        run(WithinSlowBaseline.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void aRegressionAgainstTheBaselineFailsWithBothComparisons() {
        String message = failure(run(BehindFastBaseline.class, Map.of())).getMessage();

        assertTrue(message.startsWith("benchmark thresholds not met: 2 of 2 thresholds violated\n"), message);
        // read from the baseline folder, src/test/resources, where an update would write it
        String file = Path.of("src", "test", "resources", "baselines", "fast.json").toAbsolutePath().toString();
        assertTrue(message.contains(", expected at least 900000000.00 req/s (baseline 1000000000.00 req/s from "
                + file + " minus 10%)\n"), message);
        assertTrue(message.contains(", expected at most 1.1us (baseline 1us from " + file + " plus 10%)\n"), message);
    }

    @Test
    void aMissingBaselineIsInconclusiveAndSaysHowToWriteIt() {
        String message = failure(run(MissingBaseline.class, Map.of())).getMessage();

        assertTrue(message.contains("\n  inconclusive: throughput and p99 against baseline not judged: baseline"
                + " 'baselines/missing.json' not found in "), message);
        assertTrue(message.contains(" nor on the class path; run once with httpbench.baseline.update=true to write"
                + " it\n"), message);
    }

    @Test
    void theUpdateSwitchWritesTheResultAsTheBaseline(@TempDir Path baselines) throws Exception {
        EngineExecutionResults results = run(MissingBaseline.class, Map.of(LoadTestKeys.BASELINE_UPDATE, "true",
                LoadTestKeys.BASELINE_DIR, baselines.toString()));

        results.testEvents().assertStatistics(s -> s.succeeded(1));
        Path written = baselines.resolve("baselines/missing.json");
        assertEquals("written to " + written.toAbsolutePath(), entries(results).get("httpbench.baseline"));
        JsonNode json = JSON.readTree(written.toFile());
        assertEquals(100, json.path("requests").path("sent").asLong());
        assertTrue(json.path("throughput_rps").isNumber() && json.path("latency_ms").path("p99").isNumber());
    }

    @Test
    void aBaselineWithoutTheNeededFiguresIsAConfigurationError() {
        Throwable e = failure(run(BrokenBaseline.class, Map.of()));

        assertInstanceOf(ExtensionConfigurationException.class, e);
        assertEquals("@LoadTest baseline 'baselines/broken.json' must be a result JSON with the numbers"
                + " throughput_rps and latency_ms.p99 but was missing throughput_rps", e.getMessage());
        assertEquals(0, server.requests());
    }

    @Test
    void badAttributeValuesFailBeforeAnyLoadWithEveryProblemNamed() {
        Throwable e = failure(run(BadAttributes.class, Map.of()));

        assertInstanceOf(ExtensionConfigurationException.class, e);
        assertEquals("@LoadTest duration must be a duration like 500ms, 30s, 2m or PT30S but was 'fast'; "
                + "@LoadTest concurrency must be >= 1 but was 0; "
                + "@LoadTest workers must be >= 1 but was -2; "
                + "@LoadTest rate must be > 0 and <= 10000000 requests/s but was -1.0; "
                + "@LoadTest minThroughput must be >= 0 req/s (0 for no limit) but was -5.0; "
                + "@LoadTest percentiles entries must be PERCENTILE=DURATION like 99.9=300ms but was 'abc'; "
                + "@LoadTest percentiles entry '99.9=0ms' must be > 0s but was '0ms'; "
                + "@LoadTest percentiles entries must have a percentile between 0 and 100 but was '120=1s'; "
                + "@LoadTest maxErrorRate must be between 0 and 1 (negative for no limit) but was 2.0; "
                + "@LoadTest maxThroughputDropPercent and maxP99IncreasePercent need a baseline but baseline was"
                + " empty", e.getMessage());
        assertEquals(0, server.requests());
    }

    @Test
    void malformedConfigurationValuesFailWithKeyRuleAndValue() {
        Throwable e = failure(run(Passing.class, Map.of(LoadTestKeys.MODE, "loud", LoadTestKeys.SCALE, "-1",
                LoadTestKeys.PERCENTILE_PREFIX + "99", "soon")));

        assertInstanceOf(ExtensionConfigurationException.class, e);
        assertEquals("invalid httpbench configuration: httpbench.mode must be enforce, warn or off but was 'loud';"
                + " httpbench.scale must be a number > 0 but was '-1';"
                + " httpbench.p99 must be a duration > 0 like 150ms but was 'soon'", e.getMessage());

        Throwable load = failure(run(Passing.class, Map.of(LoadTestKeys.CONCURRENCY, "0")));
        assertEquals("httpbench.concurrency must be >= 1 but was 0", load.getMessage());
        assertEquals(0, server.requests());
    }

    @Test
    void anUnknownKeyUnderThePrefixFailsInsteadOfBeingIgnored() {
        String key = "httpbench.minThroughputt";
        System.setProperty(key, "2500");
        try {
            Throwable e = failure(run(Passing.class, Map.of()));
            assertInstanceOf(ExtensionConfigurationException.class, e);
            assertEquals("invalid httpbench configuration: unknown configuration key httpbench.minThroughputt"
                    + " (value '2500'): keys under httpbench. must be one of those documented in"
                    + " dev.httpbench.junit.LoadTestKeys or httpbench.p<percentile>", e.getMessage());
        } finally {
            System.clearProperty(key);
        }
        assertEquals(0, server.requests());
    }

    @Test
    void anUnresolvedPlaceholderNamesItselfAndWhereItWasLookedFor() {
        Throwable e = failure(run(UnresolvedPlaceholder.class, Map.of()));

        assertInstanceOf(ExtensionConfigurationException.class, e);
        assertEquals("@LoadTest target placeholder ${no.such.url} must be set as a JUnit configuration parameter,"
                + " system property or environment variable, or have a default (${no.such.url:http://...}), but was"
                + " not found in '${no.such.url}/ok'", e.getMessage());
    }

    @Test
    void theTargetKeyReplacesAnAbsoluteTarget() {
        // fixture.url points nowhere; only the override makes the run reach the server
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Passing.class))
                .configurationParameter("fixture.url", "http://127.0.0.1:1")
                .configurationParameter(LoadTestKeys.TARGET, server.baseUrl() + "/ok")
                .configurationParameter(LoadTestKeys.REPORTS_DIR, reports.toString())
                .configurationParameter(LoadTestKeys.WARMUP, NO_WARMUP).execute();

        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertEquals(200, server.requests());
    }

    @Test
    void aTestClassSuppliesTheBaseUrlOfItsOwnServerThroughLoadTarget() {
        EngineExecutionResults results = run(OwnServer.class, Map.of());

        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertEquals(0, server.requests());
    }

    @Test
    void moreThanOneLoadTargetIsAConfigurationError() {
        Throwable e = failure(run(TwoTargets.class, Map.of()));

        assertInstanceOf(ExtensionConfigurationException.class, e);
        assertEquals("@LoadTarget must mark one method or field of " + TwoTargets.class.getName()
                + " but marked base(), url", e.getMessage());
    }

    @Test
    void thePathOnlyTargetIsResolvedAgainstTheTargetKey() {
        EngineExecutionResults results = run(OwnServer.class, Map.of(LoadTestKeys.TARGET, server.baseUrl()));

        // the fixture's own server saw nothing, so its check of the counts fails; ours saw the load
        results.testEvents().assertStatistics(s -> s.failed(1));
        assertEquals(50, server.requests());
    }

    @Test
    void aLoadTestLeavesNoEngineThreadBehind() throws InterruptedException {
        run(Passing.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));

        assertNoHttpbenchThreads();
    }

    @Test
    void anInterruptedLoadIsStoppedAndReleasedThroughTheExtensionStore() throws InterruptedException {
        Throwable e = failure(run(Interrupted.class, Map.of()));

        assertInstanceOf(InterruptedException.class, e);
        // the run was in the method's store: JUnit closed it, which stopped it and released its clients
        assertNoHttpbenchThreads();
        long seen = server.requests();
        Thread.sleep(200);
        assertEquals(seen, server.requests(), "no request after the run was stopped");
    }

    @Test
    void loadTestsNeverRunInParallelEvenWhenParallelExecutionIsOn() {
        EngineExecutionResults results = run(TwoLoads.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"));

        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertEquals(120, server.requests());
        // each load keeps at most 2 requests in flight; overlapping loads would have reached 4
        assertTrue(server.maxInProgress() <= 2, "max in progress " + server.maxInProgress());
    }

    // ---------------------------------------------------------------- helpers

    /** Fails unless every {@code httpbench-} engine thread has ended within 5 seconds. */
    private static void assertNoHttpbenchThreads() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> name.startsWith("httpbench-")).sorted().collect(Collectors.toList());
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("engine threads left behind: " + alive);
    }

    @Test
    void theProtocolAttributeMakesTheLoadSpeakHttp2() throws Exception {
        try (TestServer h2c = TestServer.h2c()) {
            EngineExecutionResults results = run(OverHttp2.class, Map.of("h2c.url", h2c.baseUrl()));

            results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            assertEquals(50, h2c.http2Requests());
            assertEquals(h2c.requests(), h2c.http2Requests());
        }
    }

    private EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter("fixture.url", server.baseUrl())
                .configurationParameter(LoadTestKeys.REPORTS_DIR, reports.toString())
                .configurationParameter(LoadTestKeys.WARMUP, NO_WARMUP)
                .configurationParameters(parameters)
                .execute();
    }

    private static Throwable failure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), () -> "one failed test expected, events: " + results.allEvents().list());
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static Map<String, String> entries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .flatMap(m -> m.entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b));
    }
}
