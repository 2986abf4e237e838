package dev.httpbench.junit;

import java.util.Set;

/**
 * The names of the configuration parameters that steer {@link LoadTest}s from outside the code, so CI
 * can change them without touching tests. Set them as JUnit configuration parameters (Surefire's
 * {@code <configurationParameters>}, {@code junit-platform.properties}) or as system properties
 * ({@code mvn verify -Dhttpbench.mode=warn}); a configuration parameter wins over a system property.
 *
 * <p>Every key under {@code httpbench.} is checked: a malformed value, or an unknown key found among
 * the system properties or in {@code junit-platform.properties}, fails every load test with an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the key, the rule
 * and the value, instead of being ignored. (JUnit gives extensions no list of the configuration
 * parameters passed to the launcher, so an unknown key passed only that way cannot be detected.)
 *
 * <p>Thresholds set here replace the annotation's value for every load test or add it where the
 * annotation has none; then {@link #SCALE} applies.
 */
public final class LoadTestKeys {
    /** The tag every {@link LoadTest} carries. */
    public static final String TAG = "load";
    /** The JUnit resource lock every {@link LoadTest} holds, so load tests never run in parallel. */
    public static final String RESOURCE_LOCK = "dev.httpbench.junit.load";
    /** The prefix of every key; any other key with it is an error. */
    public static final String PREFIX = "httpbench.";

    /** Base URL of every load test: replaces absolute targets, resolves path-only targets. */
    public static final String TARGET = "httpbench.target";
    /**
     * {@code enforce} (default): failing thresholds fail the test. {@code warn}: the load runs and
     * is judged, failures are published as the report entry {@code httpbench.warning} and the test
     * passes. {@code off}: load tests are skipped without generating load.
     */
    public static final String MODE = "httpbench.mode";
    /**
     * Factor (> 0) for slower or faster machines: minimum throughputs are multiplied by it, latency
     * limits divided by it. {@code 0.5} for a CI machine half as fast. Default 1. Not applied to
     * baseline limits, which are relative already.
     */
    public static final String SCALE = "httpbench.scale";
    /** {@code true} (default) or {@code false}: whether inconclusive thresholds fail the test. */
    public static final String FAIL_ON_INCONCLUSIVE = "httpbench.failOnInconclusive";

    /** Minimum successful responses per second (>= 0; 0 removes the limit). */
    public static final String MIN_THROUGHPUT = "httpbench.minThroughput";
    /** Maximum failed/sent fraction, 0 to 1. */
    public static final String MAX_ERROR_RATE = "httpbench.maxErrorRate";
    /**
     * Prefix of percentile limits: {@code httpbench.p99=200ms}, {@code httpbench.p99.9=500ms},
     * {@code httpbench.p50=20ms}; the percentile goes from 0 to 100.
     */
    public static final String PERCENTILE_PREFIX = "httpbench.p";

    /** Load override: requests in flight. */
    public static final String CONCURRENCY = "httpbench.concurrency";
    /** Load override: number of workers. */
    public static final String WORKERS = "httpbench.workers";
    /** Load override: measured requests. */
    public static final String REQUESTS = "httpbench.requests";
    /** Load override: measured duration, e.g. {@code 30s}. */
    public static final String DURATION = "httpbench.duration";
    /** Load override: warm-up duration, e.g. {@code 5s}. */
    public static final String WARMUP = "httpbench.warmup";
    /** Load override: open-loop rate in requests/s. */
    public static final String RATE = "httpbench.rate";

    /**
     * {@code true}: every load test with a {@link LoadTest#baseline()} writes its result there
     * (under {@link #BASELINE_DIR}) instead of comparing with it. Default {@code false}.
     */
    public static final String BASELINE_UPDATE = "httpbench.baseline.update";
    /** The folder baselines are read from first and written to; default {@code src/test/resources}. */
    public static final String BASELINE_DIR = "httpbench.baseline.dir";
    /** Replaces {@link LoadTest#maxThroughputDropPercent()} of tests that have a baseline. */
    public static final String MAX_THROUGHPUT_DROP_PERCENT = "httpbench.baseline.maxThroughputDropPercent";
    /** Replaces {@link LoadTest#maxP99IncreasePercent()} of tests that have a baseline. */
    public static final String MAX_P99_INCREASE_PERCENT = "httpbench.baseline.maxP99IncreasePercent";

    /**
     * The folder result files go to, one sub-folder per test class and method:
     * {@code <dir>/<class>/<method>/result.json} and {@code latency.hlog}. Default
     * {@code target/httpbench-reports}, next to Surefire's {@code target/surefire-reports}.
     * Relative paths are resolved against Maven's {@code basedir} when set, else the working folder.
     */
    public static final String REPORTS_DIR = "httpbench.reports.dir";

    /** Every key above except the percentile family. */
    public static final Set<String> KEYS = Set.of(TARGET, MODE, SCALE, FAIL_ON_INCONCLUSIVE, MIN_THROUGHPUT,
            MAX_ERROR_RATE, CONCURRENCY, WORKERS, REQUESTS, DURATION, WARMUP, RATE, BASELINE_UPDATE, BASELINE_DIR,
            MAX_THROUGHPUT_DROP_PERCENT, MAX_P99_INCREASE_PERCENT, REPORTS_DIR);

    private LoadTestKeys() {
    }
}
