package dev.httpbench.report.compare;

import java.util.Objects;

/**
 * One figure of one configuration, baseline against current. Immutable.
 *
 * @param figure what is compared
 * @param baseline the baseline's value: mean throughput of its runs in requests/s, or the percentile of
 *        its runs' histograms added together, in milliseconds
 * @param current the current side's value, likewise
 * @param changePercent {@code (current - baseline) / baseline * 100}; NaN when the baseline is 0
 * @param lowPercent lower end of the change's 95 % bootstrap interval, percent; NaN when not computed
 * @param highPercent upper end of that interval, percent; NaN when not computed
 * @param verdict better, same, worse or inconclusive
 * @param reason the verdict as a sentence: which rule decided it, with the figures
 */
public record FigureComparison(Figure figure, double baseline, double current, double changePercent,
        double lowPercent, double highPercent, Verdict verdict, String reason) {

    public FigureComparison {
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }
}
