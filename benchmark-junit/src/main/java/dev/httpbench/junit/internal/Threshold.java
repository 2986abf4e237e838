package dev.httpbench.junit.internal;

import static dev.httpbench.junit.internal.Format.duration;
import static dev.httpbench.junit.internal.Format.percent;
import static dev.httpbench.junit.internal.Format.percentileName;
import static dev.httpbench.junit.internal.Format.rate;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.PartResult;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.util.Objects;

/**
 * One limit a result must meet, judged into a {@link Verdict}. Instances are immutable and
 * thread-safe; create them with the factory methods, which check their arguments.
 *
 * <p>Sample rule: a percentile {@code p} below 100 is judged only when the run recorded at least
 * {@link #MIN_SAMPLES_BEYOND} latencies beyond it, that is at least
 * {@code ceil(MIN_SAMPLES_BEYOND * 100 / (100 - p))} samples (p50: 20, p90: 100, p99: 1000,
 * p99.9: 10000); with fewer, a handful of requests decides the figure and the verdict is
 * {@link Verdict.Status#INCONCLUSIVE}. The maximum (p100) needs one sample.
 */
public abstract class Threshold {
    /** How many samples must lie beyond a percentile for it to be judged. */
    public static final int MIN_SAMPLES_BEYOND = 10;

    private Threshold() {
    }

    /** Judges {@code result} against this limit. */
    public abstract Verdict judge(BenchmarkResult result);

    /** Latency samples a run needs before {@code percentile} (0–100) is judged. */
    public static long samplesNeeded(double percentile) {
        checkPercentile(percentile);
        if (percentile >= 100) {
            return 1;
        }
        // the small epsilon keeps 99.9 at 10000, not 10001, despite binary floating point
        return (long) Math.ceil(MIN_SAMPLES_BEYOND * 100.0 / (100.0 - percentile) - 1e-6);
    }

    /**
     * Successful responses per second at least {@code minimum}; {@code note} (may be empty) says
     * where the limit came from, e.g. a scale factor.
     */
    public static Threshold throughputAtLeast(double minimum, String note) {
        if (!(minimum >= 0) || Double.isInfinite(minimum)) {
            throw new IllegalArgumentException("minimum throughput must be >= 0 req/s but was " + minimum);
        }
        return new Threshold() {
            @Override
            public Verdict judge(BenchmarkResult r) {
                String text = "throughput " + rate(r.throughput()) + ", expected at least " + rate(minimum) + note;
                return r.throughput() >= minimum ? Verdict.passed(text) : Verdict.violated(text);
            }
        };
    }

    /** The {@code percentile} (0–100) of the latency at most {@code maximum}. */
    public static Threshold percentileAtMost(double percentile, Duration maximum, String note) {
        checkPercentile(percentile);
        checkPositive(percentileName(percentile), maximum);
        long needed = samplesNeeded(percentile);
        String name = percentileName(percentile);
        return new Threshold() {
            @Override
            public Verdict judge(BenchmarkResult r) {
                long samples = r.latency().count();
                if (samples < needed) {
                    return Verdict.inconclusive(name + " not judged (limit " + duration(maximum) + note
                            + "): it needs at least " + needed + " latency samples but the run recorded " + samples);
                }
                Duration measured = r.latency().percentile(percentile);
                String text = name + " " + duration(measured) + ", expected at most " + duration(maximum) + note;
                return measured.compareTo(maximum) <= 0 ? Verdict.passed(text) : Verdict.violated(text);
            }
        };
    }

    /** Failed requests / sent requests at most {@code maximum} (0–1). */
    public static Threshold errorRateAtMost(double maximum) {
        if (!(maximum >= 0 && maximum <= 1)) {
            throw new IllegalArgumentException("maximum error rate must be between 0 and 1 but was " + maximum);
        }
        return new Threshold() {
            @Override
            public Verdict judge(BenchmarkResult r) {
                if (r.sent() == 0) {
                    return Verdict.inconclusive("error rate not judged (limit " + percent(maximum)
                            + "): the run sent no request");
                }
                String text = "error rate " + percent(r.errorRate()) + " (" + r.failed() + " of " + r.sent()
                        + " requests failed), expected at most " + percent(maximum);
                return r.errorRate() <= maximum ? Verdict.passed(text) : Verdict.violated(text);
            }
        };
    }

    /** Throughput at most {@code maxDropPercent} % below a baseline throughput. */
    public static Threshold throughputVsBaseline(double baseline, double maxDropPercent, String baselineName) {
        checkPercent("maximum throughput drop", maxDropPercent);
        double minimum = baseline * (1 - maxDropPercent / 100);
        String note = " (baseline " + rate(baseline) + " from " + baselineName + " minus " + Format.number(maxDropPercent)
                + "%)";
        return throughputAtLeast(Math.max(0, minimum), note);
    }

    /** P99 at most {@code maxIncreasePercent} % above a baseline P99. */
    public static Threshold p99VsBaseline(Duration baseline, double maxIncreasePercent, String baselineName) {
        checkPercent("maximum p99 increase", maxIncreasePercent);
        Duration maximum = Duration.ofNanos(Math.round(baseline.toNanos() * (1 + maxIncreasePercent / 100)));
        String note = " (baseline " + duration(baseline) + " from " + baselineName + " plus "
                + Format.number(maxIncreasePercent) + "%)";
        return percentileAtMost(99, maximum.isZero() ? Duration.ofNanos(1) : maximum, note);
    }

    /**
     * {@code inner} judged on one endpoint of a workload ({@link BenchmarkResult#endpoints()}), its text
     * prefixed with {@code endpoint NAME: }; a result without that endpoint violates it.
     */
    public static Threshold onEndpoint(String name, Threshold inner) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inner, "inner");
        return new Threshold() {
            @Override
            public Verdict judge(BenchmarkResult r) {
                PartResult part = r.endpoints().get(name);
                if (part == null) {
                    return Verdict.violated("endpoint " + name + ": the run has no such endpoint (" + (r.endpoints().isEmpty()
                            ? "it has none" : "it has " + String.join(", ", r.endpoints().keySet())) + ")");
                }
                Verdict v = inner.judge(asResult(r, part));
                return new Verdict(v.status(), "endpoint " + name + ": " + v.text());
            }
        };
    }

    /** One endpoint's figures as a result of the same run, so that every threshold judges it alike. */
    private static BenchmarkResult asResult(BenchmarkResult r, PartResult part) {
        ResultBuilder b = ResultBuilder.of(r.config()).startedAt(r.startedAt()).duration(r.duration())
                .sent(part.sent()).bytesReceived(part.bytesReceived()).latency(part.latency())
                .interrupted(r.interrupted());
        part.statusCounts().forEach(b::status);
        part.errors().forEach(b::error);
        return b.build();
    }

    /** A threshold that cannot be judged, e.g. because its baseline is missing. */
    public static Threshold inconclusive(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new Threshold() {
            @Override
            public Verdict judge(BenchmarkResult r) {
                return Verdict.inconclusive(reason);
            }
        };
    }

    static void checkPercentile(double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100 but was " + percentile);
        }
    }

    private static void checkPositive(String name, Duration maximum) {
        if (maximum == null || maximum.isNegative() || maximum.isZero()) {
            throw new IllegalArgumentException(name + " limit must be > 0s but was " + duration(maximum));
        }
    }

    private static void checkPercent(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0 % but was " + value);
        }
    }
}
