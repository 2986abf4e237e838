package dev.httpbench.junit;

import dev.httpbench.BenchmarkResult;
import java.util.Objects;

/**
 * Fluent assertions on a {@link BenchmarkResult}, in the manner of AssertJ.
 *
 * <pre>{@code
 * BenchmarkResult r = Benchmark.target(url).concurrency(64).requests(20_000).run();
 *
 * // fail fast: the first threshold not met throws
 * BenchmarkAssertions.assertThat(r)
 *         .hasThroughputAtLeast(2500)                      // successful responses per second
 *         .hasP99AtMost(Duration.ofMillis(150))
 *         .hasPercentileAtMost(99.9, Duration.ofMillis(300))
 *         .hasErrorRateAtMost(0.01);                       // 1 % of sent requests
 *
 * // soft: every check runs, assertAll() throws one error listing every violation
 * BenchmarkAssertions.assertSoftly(r)
 *         .hasThroughputAtLeast(2500)
 *         .hasP99AtMost(Duration.ofMillis(150))
 *         .hasErrorRateAtMost(0.01)
 *         .assertAll();                                    // do not forget: nothing fails before it
 * }</pre>
 *
 * A failure is an {@link AssertionError} (opentest4j's {@code AssertionFailedError}) whose message
 * shows each violated threshold with its measured and expected values, followed by the run's main
 * figures: settings, throughput, p50/p90/p99/p99.9/max, sample count, sent/succeeded/failed, statuses
 * and errors.
 *
 * <p>A percentile is judged only on enough samples: at least ten latencies must lie beyond it
 * (p99 needs 1000 samples, p99.9 needs 10000). With fewer, the check is <em>inconclusive</em> and
 * fails with the reason, because a gate that cannot judge must not pass silently; call
 * {@link ResultAssert#ignoringInconclusive()} first to let such checks pass instead. An error-rate
 * check on a run that sent nothing is inconclusive too.
 *
 * <p>Stateless and thread-safe; each returned {@link ResultAssert} belongs to one thread.
 */
public final class BenchmarkAssertions {
    private BenchmarkAssertions() {
    }

    /** Checks that throw at the first threshold not met. */
    public static ResultAssert assertThat(BenchmarkResult result) {
        return new ResultAssert(Objects.requireNonNull(result, "result must not be null"), false);
    }

    /**
     * Checks that only collect: {@link ResultAssert#assertAll()} then throws one error listing every
     * threshold not met, or returns when all were met.
     */
    public static ResultAssert assertSoftly(BenchmarkResult result) {
        return new ResultAssert(Objects.requireNonNull(result, "result must not be null"), true);
    }
}
