package dev.httpbench.examples;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.cli.demo.DemoTarget;
import java.time.Duration;

/**
 * Example 1: the first benchmark. Closed loop: a fixed number of requests is in flight at all
 * times, and each response immediately sends the next request, with no batches to wait for.
 *
 * <p>Run it with {@code java -cp examples/target/httpbench.jar dev.httpbench.examples.Example01FirstBenchmark}.
 * Like every example it benchmarks the embedded demo target, so nothing else needs to run.
 */
public final class Example01FirstBenchmark {
    private Example01FirstBenchmark() {
    }

    public static void main(String[] args) {
        try (DemoTarget target = DemoTarget.start()) {
            BenchmarkResult result = Benchmark.target(target.apiUrl())
                    // 2 workers: each owns its own HttpClient, selector thread and connection pool
                    .workers(2)
                    // 32 requests in flight across both workers, on 32 keep-alive connections
                    .concurrency(32)
                    // measure for 2 seconds, after 1 second of unrecorded warm-up
                    .duration(Duration.ofSeconds(2))
                    .warmup(Duration.ofSeconds(1))
                    .run();

            // a wrk-like summary: latency percentiles, requests/s, errors
            System.out.println(result);

            // every figure is also a plain accessor; every request is accounted for
            System.out.printf("sent %d = succeeded %d + failed %d; P99 %s%n", result.sent(), result.succeeded(),
                    result.failed(), result.latency().p99());
        }
    }
}
