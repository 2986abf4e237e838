package dev.httpbench.junit;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.HttpProtocol;
import dev.httpbench.junit.internal.LoadTestExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test method that runs an HTTP load and gates on its figures. It is a {@link Test}, tagged
 * {@value LoadTestKeys#TAG} (select or exclude with Surefire's {@code groups}/{@code excludedGroups}),
 * and holds the resource lock {@value LoadTestKeys#RESOURCE_LOCK} so that no two load tests run at
 * the same time even with parallel execution on.
 *
 * <pre>{@code
 * @LoadTest(target = "${staging.url:http://127.0.0.1:8080}/health", concurrency = 64, requests = 20_000,
 *           minThroughput = 2500, p99 = "150ms", percentiles = "99.9=300ms", maxErrorRate = 0.01)
 * void health(BenchmarkResult result) {
 *     assertEquals(0, result.errors().size()); // extra checks of your own
 * }
 * }</pre>
 *
 * <h2>When the load runs and how it is judged</h2>
 * The load runs once, before the method body (after {@code @BeforeEach} methods, so a server started
 * there is up). The method may declare a {@link dev.httpbench.BenchmarkResult} parameter to receive
 * the result, and a {@link BenchmarkConfig.Builder} parameter to receive a fresh builder holding the
 * run's settings (overrides applied) for extra runs of its own. The result is written to
 * {@code result.json} and {@code latency.hlog} and published as report entries right after the run.
 * The thresholds are judged after the method body returns, also when it threw; in mode
 * {@code enforce} (the default) every violated threshold is listed in one
 * {@link AssertionError}, with the measured and expected values and the run's main figures.
 * A {@code @Timeout} on the method bounds the body only, not the load before it: bound the load with
 * {@link #requests()} or {@link #duration()}. If the test thread is interrupted while the load runs,
 * JUnit closes the run held in the test's extension store, which stops it and releases its clients.
 * See {@link LoadTestKeys} for the configuration parameters that override all of this from CI.
 *
 * <h2>Target</h2>
 * {@link #target()} is an http(s) URL, may contain {@code ${name}} or {@code ${name:default}}
 * placeholders (looked up as JUnit configuration parameter, which includes system properties and
 * {@code junit-platform.properties}, then as environment variable), and may be a path alone
 * ({@code "/health"}), resolved against the base URL. The base URL is
 * {@value LoadTestKeys#TARGET} when set, else the value of the test class's {@link LoadTarget}
 * method or field. An empty target means the base URL itself. When {@value LoadTestKeys#TARGET} is
 * set it also replaces absolute targets, so CI can point every load test at another server.
 *
 * <h2>Attributes</h2>
 * Load attributes use the rules of {@link BenchmarkConfig.Builder}; a bad value fails the test with
 * an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the attribute,
 * the rule and the value, e.g. {@code @LoadTest concurrency must be >= 1 but was 0}. Durations are
 * written {@code 500ms}, {@code 30s}, {@code 2m} or ISO-8601 ({@code PT30S}).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@Tag(LoadTestKeys.TAG)
@ResourceLock(LoadTestKeys.RESOURCE_LOCK)
@ExtendWith(LoadTestExtension.class)
public @interface LoadTest {
    /** The URL to load, with placeholders, or a path resolved against the base URL; see above. */
    String target() default "";

    /** Requests in flight (closed loop) or the connection cap (open loop). */
    int concurrency() default BenchmarkConfig.DEFAULT_CONCURRENCY;

    /** Workers, each with its own HTTP client; 0 for the engine's default. */
    int workers() default 0;

    /** Measured requests after which the run stops; 0 for none. */
    long requests() default 0;

    /**
     * How long the measured part lasts, e.g. {@code "10s"}; empty for none. With neither this nor
     * {@link #requests()} the run lasts {@link BenchmarkConfig#DEFAULT_DURATION}.
     */
    String duration() default "";

    /** Unrecorded load before measurement, e.g. {@code "2s"}; empty for none. */
    String warmup() default "";

    /** Open loop at this many requests/s; 0 for closed loop. */
    double rate() default 0;

    /**
     * An open-loop load profile instead of one rate: each entry {@code "RATE/DURATION"} holds a rate,
     * {@code "FROM-TO/DURATION"} ramps linearly, e.g. {@code {"0-400/10s", "400/20s"}} (requests/s). The
     * run lasts their total, so leave {@link #duration()} and {@link #rate()} unset. Empty for none.
     */
    String[] stages() default {};

    /**
     * The HTTP version: {@link HttpProtocol#HTTP_1_1} (the default) or {@link HttpProtocol#HTTP_2}
     * (h2c for http, ALPN for https; each worker multiplexes its share of the concurrency on one
     * connection).
     */
    HttpProtocol protocol() default HttpProtocol.HTTP_1_1;

    /** Accept an https target's certificate without validating it (self-signed staging servers). */
    boolean trustAllCertificates() default false;

    /** Minimum successful responses per second; 0 for no limit. */
    double minThroughput() default 0;

    /** Maximum 99th-percentile latency, e.g. {@code "150ms"}; empty for no limit. */
    String p99() default "";

    /**
     * Further percentile limits as {@code PERCENTILE=DURATION}, percentiles 0–100:
     * {@code {"50=20ms", "99.9=300ms", "100=1s"}}.
     */
    String[] percentiles() default {};

    /** Maximum failed/sent fraction from 0 to 1 (0.01 is 1 %); negative for no limit. */
    double maxErrorRate() default -1;

    /**
     * A mix of endpoints instead of the target alone, each written on one line as
     * {@link dev.httpbench.Endpoint.Line} reads it, e.g. {@code {"items=GET /items weight 80",
     * "order=POST /orders weight 20 json {\"sku\":\"A-1\"}"}}; paths are joined to the target's path.
     * Empty for none.
     */
    String[] endpoints() default {};

    /**
     * A scenario file (README "Scenario files"): its load settings, feeders and endpoints, a path
     * relative to the working directory or a class path resource. The test's target replaces the
     * file's targets; attributes set here (and {@link #concurrency()} when not its default) override
     * its settings. Empty for none.
     */
    String scenario() default "";

    /**
     * Thresholds for single endpoints, each {@code "ENDPOINT: LIMIT"} where LIMIT is
     * {@code p50=}, {@code p90=}, {@code p99=}, {@code p99.9=} or {@code max=DURATION},
     * {@code minThroughput=REQUESTS_PER_SECOND} or {@code maxErrorRate=FRACTION}, e.g.
     * {@code {"order: p99=200ms", "search: maxErrorRate=0.01"}}. Judged like the run's own thresholds.
     */
    String[] thresholds() default {};

    /**
     * Whether a threshold that cannot be judged fails the test: a percentile on too few samples
     * (ten latencies must lie beyond it: p99 needs 1000), an error rate on no request, a missing
     * baseline. Overridden by {@value LoadTestKeys#FAIL_ON_INCONCLUSIVE}.
     */
    boolean failOnInconclusive() default true;

    /**
     * A stored result JSON to compare with, as a path under the baseline folder
     * ({@value LoadTestKeys#BASELINE_DIR}, default {@code src/test/resources}) or, when not there,
     * a class path resource; e.g. {@code "baselines/health.json"}. Empty for none. Needs
     * {@link #maxThroughputDropPercent()} and/or {@link #maxP99IncreasePercent()}.
     */
    String baseline() default "";

    /** Throughput at most this many percent below the baseline's; negative for no limit. */
    double maxThroughputDropPercent() default -1;

    /** P99 at most this many percent above the baseline's; negative for no limit. */
    double maxP99IncreasePercent() default -1;
}
