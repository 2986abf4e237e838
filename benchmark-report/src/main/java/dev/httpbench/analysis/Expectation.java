package dev.httpbench.analysis;

import java.time.Duration;

/**
 * What a machine of some size is expected to achieve at one concurrency level. Immutable.
 *
 * @param concurrency the concurrency level the figures are for
 * @param throughput expected successful responses per second
 * @param p99 expected 99th percentile latency
 */
public record Expectation(int concurrency, double throughput, Duration p99) {
}
