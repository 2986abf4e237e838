package dev.httpbench.examples.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.junit.BenchmarkAssertions;
import dev.httpbench.junit.LoadTarget;
import dev.httpbench.junit.LoadTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Style 2: describe the load and the limits in {@link LoadTest}; the extension runs the load before
 * the method body, writes {@code target/httpbench-reports/<class>/<method>/result.json} and
 * {@code latency.hlog}, and after the body fails the test with every limit not met.
 *
 * <p>The limits are loose on purpose: this example runs in CI on small shared machines and shows the
 * API, it does not measure WireMock. CI can change any of it without touching this file, e.g.
 * {@code mvn verify -Dhttpbench.scale=0.5} on a slow machine, {@code -Dhttpbench.mode=warn} to report
 * without failing, or {@code -Dhttpbench.target=https://staging.example.com} to load another server.
 */
@Timeout(120)
class LoadTestExampleTest {
    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal());
        server.start();
        server.stubFor(get("/health").willReturn(ok("up")));
        server.stubFor(get("/orders").willReturn(ok("[]")));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /** The base URL of the server this test started; {@code target = "/health"} is resolved against it. */
    @LoadTarget
    String server() {
        return "http://127.0.0.1:" + server.port();
    }

    @LoadTest(target = "/health", workers = 2, concurrency = 16, requests = 2_000, warmup = "500ms",
            minThroughput = 1, p99 = "5s", maxErrorRate = 0.01)
    void healthEndpointMeetsItsLimits() {
        // nothing more to check: the annotation's limits are the test
    }

    // bounded by requests, not time: p90 needs 100 samples however slow the machine is
    @LoadTest(target = "/orders", workers = 1, concurrency = 8, requests = 500,
            minThroughput = 1, percentiles = {"50=5s", "90=5s"}, maxErrorRate = 0)
    void ordersEndpointWithChecksOfItsOwn(BenchmarkResult result, BenchmarkConfig.Builder sameSettings) {
        // the result of the load that just ran, for checks the annotation cannot express
        assertEquals(result.sent(), result.statusCounts().getOrDefault(200, 0L));

        // a builder holding the same settings, for a variant run of your own
        BenchmarkResult withHeader = sameSettings.header("Accept", "application/json").requests(200).duration(
                Duration.ofSeconds(10)).run();
        BenchmarkAssertions.assertThat(withHeader).hasNoErrors();
    }
}
