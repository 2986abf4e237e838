package dev.httpbench.report.compare;

import dev.httpbench.LatencyDistribution;
import java.util.List;

/**
 * One configuration present on both sides: each figure compared, and the verdict. Immutable.
 */
public final class ConfigurationComparison {
    private final String configuration;
    private final int baselineRuns;
    private final int currentRuns;
    private final List<FigureComparison> figures;
    private final LatencyDistribution baselineLatency;
    private final LatencyDistribution currentLatency;

    ConfigurationComparison(String configuration, int baselineRuns, int currentRuns, List<FigureComparison> figures,
            LatencyDistribution baselineLatency, LatencyDistribution currentLatency) {
        this.configuration = configuration;
        this.baselineRuns = baselineRuns;
        this.currentRuns = currentRuns;
        this.figures = List.copyOf(figures);
        this.baselineLatency = baselineLatency;
        this.currentLatency = currentLatency;
    }

    /** The configuration's key, e.g. {@code c64-w2} or {@code c64-w2-r500}. */
    public String configuration() {
        return configuration;
    }

    /** How many runs (repeats) the baseline has of it. */
    public int baselineRuns() {
        return baselineRuns;
    }

    /** How many runs (repeats) the current side has of it. */
    public int currentRuns() {
        return currentRuns;
    }

    /** Throughput, p50, p90, p99 and p99.9, in that order. */
    public List<FigureComparison> figures() {
        return figures;
    }

    /** The figure compared for {@code figure}. */
    public FigureComparison figure(Figure figure) {
        return figures.stream().filter(f -> f.figure() == figure).findFirst().orElseThrow();
    }

    /** Worse when any figure is worse; else better when any is better; inconclusive when none was judged; else same. */
    public Verdict verdict() {
        return Comparison.combine(figures.stream().map(FigureComparison::verdict).toList());
    }

    /** The baseline's latencies, its runs' histograms added together. */
    public LatencyDistribution baselineLatency() {
        return baselineLatency;
    }

    /** The current side's latencies, its runs' histograms added together. */
    public LatencyDistribution currentLatency() {
        return currentLatency;
    }
}
