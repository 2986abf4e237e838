package dev.httpbench.examples;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.cli.demo.DemoTarget;
import java.time.Duration;

/**
 * Example 2: open loop. Real users do not wait for each other: requests arrive at a rate whether or
 * not earlier ones finished. {@code .rate(r)} issues r requests/s on a fixed schedule and measures
 * each latency from the moment the request <em>should</em> have been sent, so when the server
 * stalls, the wait shows in the percentiles instead of being silently skipped (coordinated
 * omission).
 */
public final class Example02OpenLoop {
    private Example02OpenLoop() {
    }

    public static void main(String[] args) {
        try (DemoTarget target = DemoTarget.start()) {
            BenchmarkResult result = Benchmark.target(target.apiUrl())
                    .workers(2)
                    .rate(1_000)              // requests/s, whatever the responses do
                    .concurrency(64)          // at most 64 connections; more requests wait in a queue
                    .duration(Duration.ofSeconds(2))
                    .warmup(Duration.ofMillis(500))
                    .run();

            System.out.println(result);
            // latency counts from the intended send time; service time from when a connection took it
            System.out.println("latency      " + result.latency());
            System.out.println("service time " + result.serviceTime());
            System.out.printf("achieved %.0f of 1000 requests/s; schedule lag max %s%n", result.requestRate(),
                    result.maxScheduleLag());
        }
    }
}
