package dev.httpbench.spi;

import dev.httpbench.LatencyDistribution;
import org.HdrHistogram.Histogram;

/** The histograms engines record into. Stateless and thread-safe. */
public final class Histograms {
    private Histograms() {
    }

    /**
     * A new, empty, auto-resizing histogram as httpbench records latencies: values in microseconds,
     * {@link LatencyDistribution#SIGNIFICANT_DIGITS} significant digits.
     */
    public static Histogram newHistogram() {
        Histogram h = new Histogram(LatencyDistribution.SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }
}
