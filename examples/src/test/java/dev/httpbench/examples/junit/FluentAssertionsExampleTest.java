package dev.httpbench.examples.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.junit.BenchmarkAssertions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Style 1: run a benchmark from code and check the result with fluent assertions.
 *
 * <p>The server under test here is WireMock on a random loopback port; in your project it is your
 * service, started the same way or already running. The limits are loose on purpose: this example
 * runs in CI on small shared machines and shows the API, it does not measure WireMock.
 */
@Tag("load") // lets CI select or exclude load tests, as @LoadTest does by itself
@Timeout(120)
class FluentAssertionsExampleTest {
    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal());
        server.start();
        server.stubFor(get("/health").willReturn(ok("up")));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void healthEndpointMeetsItsLimits() {
        BenchmarkResult r = Benchmark.target("http://127.0.0.1:" + server.port() + "/health")
                .workers(2)            // two HTTP clients, each with its own connection pool
                .concurrency(16)       // requests in flight at any time
                .requests(2_000)       // enough samples to judge p99 (it needs 1000)
                .warmup(Duration.ofMillis(500))
                .run();

        // Fail fast: the first limit not met throws, with measured vs expected and the run's figures.
        BenchmarkAssertions.assertThat(r)
                .hasThroughputAtLeast(1)                     // successful responses per second
                .hasP99AtMost(Duration.ofSeconds(5))
                .hasErrorRateAtMost(0.01);                   // at most 1 % of requests failed
    }

    @Test
    void everyViolationAtOnceWithSoftAssertions() {
        BenchmarkResult r = Benchmark.target("http://127.0.0.1:" + server.port() + "/health")
                .workers(2).concurrency(16).requests(2_000).run();

        // Soft: all checks run; assertAll() throws one error listing every limit not met.
        BenchmarkAssertions.assertSoftly(r)
                .hasThroughputAtLeast(1)
                .hasP50AtMost(Duration.ofSeconds(5))
                .hasP99AtMost(Duration.ofSeconds(5))
                .hasPercentileAtMost(99.9, Duration.ofSeconds(5)) // needs 10000 samples: inconclusive here ...
                .ignoringInconclusive()                           // ... so let checks on too few samples pass
                .hasNoErrors()
                .assertAll();
    }
}
