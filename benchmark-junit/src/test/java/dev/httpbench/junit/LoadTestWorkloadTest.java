package dev.httpbench.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.testsupport.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@code @LoadTest} with endpoints, a scenario file and per-endpoint thresholds, driven through JUnit's engine test kit. */
@Timeout(120)
class LoadTestWorkloadTest {
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

    @Tag("fixture")
    static class Mix {
        @LoadTest(target = "${fixture.url}", endpoints = {"ok=GET /ok weight 3", "bad=GET /status?code=500"},
                workers = 1, concurrency = 2, requests = 400,
                thresholds = {"ok: maxErrorRate=0", "ok: max=10s", "bad: maxErrorRate=0.5"})
        void gate(BenchmarkResult result, TestReporter reporter) {
            reporter.publishEntry("fixture.parts", result.endpoints().get("ok").sent() + "/"
                    + result.endpoints().get("bad").sent());
        }
    }

    @Tag("fixture")
    static class FromScenario {
        @LoadTest(target = "${fixture.url}", scenario = "scenarios/mix.yaml", requests = 100,
                thresholds = "slow: max=10s")
        void gate(BenchmarkResult result, TestReporter reporter) {
            reporter.publishEntry("fixture.parts", result.endpoints().get("ok").sent() + "/"
                    + result.endpoints().get("slow").sent() + " c" + result.config().concurrency());
        }
    }

    @Tag("fixture")
    static class UnknownEndpoint {
        @LoadTest(target = "${fixture.url}", endpoints = "ok=/ok", requests = 10, thresholds = "order: p99=200ms")
        void gate() {
        }
    }

    @Test
    void endpointsRunAsAMixAndEachEndpointsThresholdsAreJudgedOnIt() {
        EngineExecutionResults results = run(Mix.class);

        String message = failure(results).getMessage();
        assertTrue(message.startsWith("benchmark thresholds not met: 1 of 3 thresholds violated\n"
                + "  violated: endpoint bad: error rate 100.00% (100 of 100 requests failed), expected at most 50.00%\n"),
                message);
        assertTrue(entries(results).contains("300/100"), entries(results).toString());
        assertEquals(400, server.requests());
    }

    @Test
    void aScenarioFileGivesTheMixAndSettingsAndTheTestsTargetReplacesItsTargets() {
        EngineExecutionResults results = run(FromScenario.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertTrue(entries(results).contains("75/25 c2"), entries(results).toString());
        assertEquals(100, server.requests());
    }

    @Test
    void aThresholdOnAnEndpointTheRunDoesNotHaveIsAConfigurationError() {
        Throwable e = failure(run(UnknownEndpoint.class));
        assertInstanceOf(ExtensionConfigurationException.class, e);
        assertEquals("@LoadTest thresholds entry 'order: p99=200ms' must name an endpoint (ok) but was 'order'",
                e.getMessage());
        assertEquals(0, server.requests());
    }

    private EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .configurationParameter("fixture.url", server.baseUrl())
                .configurationParameter(LoadTestKeys.REPORTS_DIR, reports.toString())
                .configurationParameter(LoadTestKeys.WARMUP, "0s")
                .execute();
    }

    private static Throwable failure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), () -> "one failed test expected, events: " + results.allEvents().list());
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static List<String> entries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class).getKeyValuePairs())
                .flatMap(m -> m.values().stream()).toList();
    }
}
