package dev.httpbench.report.compare;

/** A figure a comparison judges: throughput (requests/s) or a latency percentile (milliseconds). */
public enum Figure {
    THROUGHPUT("throughput", 0),
    P50("p50", 50),
    P90("p90", 90),
    P99("p99", 99),
    P999("p99.9", 99.9);

    private final String label;
    private final double percentile;

    Figure(String label, double percentile) {
        this.label = label;
        this.percentile = percentile;
    }

    /** As printed: {@code throughput}, {@code p99.9}. */
    public String label() {
        return label;
    }

    /** The latency percentile, 0–100 as HdrHistogram counts; 0 for throughput. */
    public double percentile() {
        return percentile;
    }

    /** Whether a higher value is better: throughput yes, latencies no. */
    public boolean higherIsBetter() {
        return this == THROUGHPUT;
    }

    /** The unit of the values: {@code req/s} or {@code ms}. */
    public String unit() {
        return this == THROUGHPUT ? "req/s" : "ms";
    }

    /**
     * Latencies a side needs for this percentile to be judged: 10 beyond it, as the JUnit thresholds
     * require ({@code ceil(10 * 100 / (100 - p))}); 0 for throughput.
     */
    public long samplesNeeded() {
        return this == THROUGHPUT ? 0 : (long) Math.ceil(10 * 100 / (100 - percentile) - 1e-9);
    }
}
