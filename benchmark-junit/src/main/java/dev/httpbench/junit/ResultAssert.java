package dev.httpbench.junit;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.junit.internal.Format;
import dev.httpbench.junit.internal.Threshold;
import dev.httpbench.junit.internal.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Threshold checks on one {@link BenchmarkResult}, or on one of its endpoints after
 * {@link #endpoint(String)}; obtain one from {@link BenchmarkAssertions}.
 * In fail-fast mode ({@link BenchmarkAssertions#assertThat}) each check throws at once when its
 * threshold is not met; in soft mode ({@link BenchmarkAssertions#assertSoftly}) checks only collect
 * and {@link #assertAll()} throws one error listing every threshold not met. Not thread-safe: use
 * it from the thread that created it.
 */
public final class ResultAssert {
    private final BenchmarkResult result;
    private final boolean soft;
    private final List<Verdict> verdicts;
    private final String endpoint; // null: the whole result
    private boolean failOnInconclusive = true;

    ResultAssert(BenchmarkResult result, boolean soft) {
        this(result, soft, new ArrayList<>(), null);
    }

    private ResultAssert(BenchmarkResult result, boolean soft, List<Verdict> verdicts, String endpoint) {
        this.result = result;
        this.soft = soft;
        this.verdicts = verdicts;
        this.endpoint = endpoint;
    }

    /**
     * The checks that follow judge the workload's endpoint {@code name} ({@link BenchmarkResult#endpoints()}):
     * its throughput, latency and error rate, e.g. {@code assertThat(r).endpoint("order").hasP99AtMost(...)}.
     * A run without that endpoint fails them. In soft mode the checks join this assertion's list, and
     * {@link #assertAll()} on either judges them all.
     */
    public ResultAssert endpoint(String name) {
        ResultAssert scoped = new ResultAssert(result, soft, verdicts, java.util.Objects.requireNonNull(name, "name"));
        scoped.failOnInconclusive = failOnInconclusive;
        return scoped;
    }

    /**
     * Lets checks that cannot be judged (a percentile on too few samples, an error rate on no
     * request) pass instead of failing. Affects the checks that follow.
     */
    public ResultAssert ignoringInconclusive() {
        failOnInconclusive = false;
        return this;
    }

    /** Successful responses per second at least {@code requestsPerSecond} (>= 0). */
    public ResultAssert hasThroughputAtLeast(double requestsPerSecond) {
        return check(Threshold.throughputAtLeast(requestsPerSecond, ""));
    }

    /** The median latency at most {@code maximum} (> 0). */
    public ResultAssert hasP50AtMost(Duration maximum) {
        return hasPercentileAtMost(50, maximum);
    }

    /** The 90th percentile latency at most {@code maximum} (> 0). */
    public ResultAssert hasP90AtMost(Duration maximum) {
        return hasPercentileAtMost(90, maximum);
    }

    /** The 99th percentile latency at most {@code maximum} (> 0); needs 1000 samples. */
    public ResultAssert hasP99AtMost(Duration maximum) {
        return hasPercentileAtMost(99, maximum);
    }

    /** The 99.9th percentile latency at most {@code maximum} (> 0); needs 10000 samples. */
    public ResultAssert hasP999AtMost(Duration maximum) {
        return hasPercentileAtMost(99.9, maximum);
    }

    /** The maximum latency at most {@code maximum} (> 0). */
    public ResultAssert hasMaxLatencyAtMost(Duration maximum) {
        return hasPercentileAtMost(100, maximum);
    }

    /**
     * The latency at {@code percentile} at most {@code maximum} (> 0).
     *
     * @param percentile from 0 to 100, as HdrHistogram counts them: 99.9 is the 99.9th percentile
     */
    public ResultAssert hasPercentileAtMost(double percentile, Duration maximum) {
        return check(Threshold.percentileAtMost(percentile, maximum, ""));
    }

    /** Failed requests / sent requests at most {@code maximum}, a fraction from 0 to 1 (0.01 is 1 %). */
    public ResultAssert hasErrorRateAtMost(double maximum) {
        return check(Threshold.errorRateAtMost(maximum));
    }

    /** No failed request at all; the run must have sent at least one. */
    public ResultAssert hasNoErrors() {
        return hasErrorRateAtMost(0);
    }

    /**
     * Soft mode: throws one error listing every threshold not met, or returns when all were met.
     * Fail-fast mode: returns, since a failure has already been thrown.
     *
     * @throws AssertionFailedError listing every violated (and, unless ignored, inconclusive) check
     */
    public ResultAssert assertAll() {
        if (verdicts.stream().anyMatch(v -> v.fails(failOnInconclusive))) {
            throw new AssertionFailedError(Format.gate(verdicts, failOnInconclusive, result));
        }
        return this;
    }

    private ResultAssert check(Threshold threshold) {
        Verdict verdict = (endpoint == null ? threshold : Threshold.onEndpoint(endpoint, threshold)).judge(result);
        if (verdict.status() == Verdict.Status.INCONCLUSIVE && !failOnInconclusive) {
            verdict = new Verdict(Verdict.Status.PASSED, verdict.text() + " (inconclusive, ignored)");
        }
        if (!soft && verdict.fails(failOnInconclusive)) {
            throw new AssertionFailedError(Format.failFast(verdict, verdicts, result));
        }
        verdicts.add(verdict);
        return this;
    }
}
