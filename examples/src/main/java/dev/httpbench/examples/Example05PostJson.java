package dev.httpbench.examples;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.cli.demo.DemoTarget;
import java.time.Duration;

/**
 * Example 5: a POST with a JSON body and headers, a request budget instead of a duration, and a
 * check of the kind a CI gate makes: fail when P99 or the error rate is too high.
 */
public final class Example05PostJson {
    private Example05PostJson() {
    }

    public static void main(String[] args) {
        try (DemoTarget target = DemoTarget.start()) {
            BenchmarkResult result = Benchmark.target(target.baseUrl() + "/api/orders")
                    .method("POST")
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer demo-token")
                    .body("{\"product\":1,\"quantity\":2}")
                    .workers(2)
                    .concurrency(16)
                    .requests(2_000)                 // exactly 2000 measured requests
                    .timeout(Duration.ofSeconds(2))  // per request, queueing included
                    .successStatuses("2xx")          // 3xx would count as failures here
                    .run();

            System.out.println(result);
            Duration limit = Duration.ofMillis(250);
            boolean ok = result.latency().p99().compareTo(limit) <= 0 && result.errorRate() <= 0.01;
            System.out.println(ok ? "within limits" : "over limits: P99 " + result.latency().p99() + " (limit "
                    + limit + "), error rate " + result.errorRate() + " (limit 0.01)");
        }
    }
}
