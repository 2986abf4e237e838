package dev.httpbench;

import dev.httpbench.spi.Durations;
import dev.httpbench.spi.Histograms;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * An immutable latency distribution backed by an HdrHistogram with values in <b>microseconds</b> and
 * three significant digits. Percentiles are given from 0 to 100, as HdrHistogram does
 * ({@code percentile(99.9)} is the 99.9th percentile). An empty distribution answers
 * {@link Duration#ZERO} everywhere; check {@link #count()}. Thread-safe.
 */
public final class LatencyDistribution {
    /** Significant value digits of every httpbench histogram. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;

    private LatencyDistribution(Histogram histogram) {
        this.histogram = histogram;
    }

    /** A distribution holding a copy of {@code microseconds} (values in microseconds). */
    public static LatencyDistribution of(Histogram microseconds) {
        return new LatencyDistribution(microseconds.copy());
    }

    /** An empty distribution. */
    public static LatencyDistribution empty() {
        return new LatencyDistribution(Histograms.newHistogram());
    }

    /** Number of recorded latencies. */
    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * The latency at or below which {@code percentile} percent of the recorded values lie.
     *
     * @param percentile from 0 to 100, e.g. 99.0 or 99.9
     * @throws IllegalArgumentException when outside 0–100
     */
    public Duration percentile(double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100 but was " + percentile);
        }
        return micros(histogram.getValueAtPercentile(percentile));
    }

    public Duration min() {
        return count() == 0 ? Duration.ZERO : micros(histogram.getMinValue());
    }

    public Duration max() {
        return micros(histogram.getMaxValue());
    }

    public Duration mean() {
        return count() == 0 ? Duration.ZERO : Duration.ofNanos(Math.round(histogram.getMean() * 1_000));
    }

    public Duration stdDev() {
        return count() == 0 ? Duration.ZERO : Duration.ofNanos(Math.round(histogram.getStdDeviation() * 1_000));
    }

    public Duration p50() {
        return percentile(50);
    }

    public Duration p90() {
        return percentile(90);
    }

    public Duration p99() {
        return percentile(99);
    }

    public Duration p999() {
        return percentile(99.9);
    }

    /** A copy of the underlying histogram (microseconds), e.g. to merge or to write a log. */
    public Histogram histogram() {
        return histogram.copy();
    }

    @Override
    public String toString() {
        return "p50=" + Durations.format(p50()) + " p90=" + Durations.format(p90())
                + " p99=" + Durations.format(p99()) + " p99.9=" + Durations.format(p999())
                + " max=" + Durations.format(max()) + " n=" + count();
    }

    private static Duration micros(long value) {
        return Duration.ofNanos(value * 1_000);
    }
}
