package dev.httpbench.report.compare;

import java.util.List;
import java.util.Locale;

/**
 * Whether a change made things worse: every configuration present on both sides compared figure by
 * figure, what is on one side only, and the verdict. Made by {@link Compare}. Immutable and thread-safe.
 */
public final class Comparison {
    private final String baseline;
    private final String current;
    private final double maxRegressionPercent;
    private final List<ConfigurationComparison> configurations;
    private final List<String> onlyInBaseline;
    private final List<String> onlyInCurrent;
    private final List<String> notes;

    Comparison(String baseline, String current, double maxRegressionPercent, List<ConfigurationComparison> configurations,
            List<String> onlyInBaseline, List<String> onlyInCurrent, List<String> notes) {
        this.baseline = baseline;
        this.current = current;
        this.maxRegressionPercent = maxRegressionPercent;
        this.configurations = List.copyOf(configurations);
        this.onlyInBaseline = List.copyOf(onlyInBaseline);
        this.onlyInCurrent = List.copyOf(onlyInCurrent);
        this.notes = List.copyOf(notes);
    }

    /** The baseline side, as described by its {@link RunSet}: label, configurations and runs. */
    public String baseline() {
        return baseline;
    }

    /** The current side, likewise. */
    public String current() {
        return current;
    }

    /** How much worse, in percent, a figure may get before it can count as worse. */
    public double maxRegressionPercent() {
        return maxRegressionPercent;
    }

    /** The configurations present on both sides, in the baseline's order. */
    public List<ConfigurationComparison> configurations() {
        return configurations;
    }

    /** Configurations only the baseline has: not compared. */
    public List<String> onlyInBaseline() {
        return onlyInBaseline;
    }

    /** Configurations only the current side has: not compared. */
    public List<String> onlyInCurrent() {
        return onlyInCurrent;
    }

    /** What the reader should know about the comparison, e.g. that the two sides ran different targets. */
    public List<String> notes() {
        return notes;
    }

    /** Worse when any configuration is worse; else better when any is better; else same (inconclusive when nothing was judged). */
    public Verdict verdict() {
        return combine(configurations.stream().map(ConfigurationComparison::verdict).toList());
    }

    /** Whether something got worse than the limit allows: what fails a build. */
    public boolean worse() {
        return verdict() == Verdict.WORSE;
    }

    static Verdict combine(List<Verdict> verdicts) {
        if (verdicts.contains(Verdict.WORSE)) {
            return Verdict.WORSE;
        }
        if (verdicts.contains(Verdict.BETTER)) {
            return Verdict.BETTER;
        }
        return verdicts.contains(Verdict.SAME) ? Verdict.SAME : Verdict.INCONCLUSIVE;
    }

    /** The verdict as one sentence, e.g. {@code worse: 1 of 2 configurations got worse (c64-w2)}. */
    public String summary() {
        List<String> worse = keys(Verdict.WORSE);
        List<String> better = keys(Verdict.BETTER);
        int n = configurations.size();
        String of = " of " + n + " configuration" + (n == 1 ? "" : "s");
        return switch (verdict()) {
            case WORSE -> "worse: " + worse.size() + of + " got worse (" + String.join(", ", worse) + ")"
                    + (better.isEmpty() ? "" : "; " + better.size() + " got better (" + String.join(", ", better) + ")");
            case BETTER -> "better: " + better.size() + of + " got better (" + String.join(", ", better) + "), none worse";
            case SAME -> "same: none" + of + " changed beyond the " + pct(maxRegressionPercent) + " % limit and the noise";
            case INCONCLUSIVE -> "inconclusive: no figure" + of + " had enough latencies to be judged";
        };
    }

    private List<String> keys(Verdict v) {
        return configurations.stream().filter(c -> c.verdict() == v).map(ConfigurationComparison::configuration).toList();
    }

    /** The comparison as a plain-text table, as {@code httpbench compare} prints it. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append("baseline: ").append(baseline).append('\n');
        s.append("current:  ").append(current).append('\n');
        s.append("a figure is worse (or better) when it changed by more than ").append(pct(maxRegressionPercent))
                .append(" %, outside the repeats' own spread and beyond the noise (95 % bootstrap interval of the change)\n");
        for (ConfigurationComparison c : configurations) {
            s.append('\n').append(c.configuration()).append(" (").append(c.baselineRuns()).append(" vs ")
                    .append(c.currentRuns()).append(" run").append(c.currentRuns() == 1 ? "" : "s").append("): ")
                    .append(c.verdict().label()).append('\n');
            s.append(String.format(Locale.ROOT, "  %-11s %13s %13s %9s  %-21s %s%n", "figure", "baseline", "current",
                    "change", "95 % interval", "verdict"));
            for (FigureComparison f : c.figures()) {
                s.append(String.format(Locale.ROOT, "  %-11s %13s %13s %9s  %-21s %s: %s%n", f.figure().label(),
                        value(f.figure(), f.baseline()), value(f.figure(), f.current()), signed(f.changePercent()),
                        Double.isNaN(f.lowPercent()) ? "-" : signed(f.lowPercent()) + " to " + signed(f.highPercent()),
                        f.verdict().label(), f.reason()));
            }
        }
        if (!onlyInBaseline.isEmpty()) {
            s.append("\nonly in the baseline, not compared: ").append(String.join(", ", onlyInBaseline)).append('\n');
        }
        if (!onlyInCurrent.isEmpty()) {
            s.append(onlyInBaseline.isEmpty() ? "\n" : "").append("only in the current run, not compared: ")
                    .append(String.join(", ", onlyInCurrent)).append('\n');
        }
        for (String note : notes) {
            s.append("note: ").append(note).append('\n');
        }
        s.append("\nverdict: ").append(summary()).append('\n');
        return s.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    static String value(Figure f, double v) {
        return f == Figure.THROUGHPUT ? String.format(Locale.ROOT, "%.1f req/s", v) : String.format(Locale.ROOT, "%.3f ms", v);
    }

    static String signed(double percent) {
        return Double.isNaN(percent) ? "-" : String.format(Locale.ROOT, "%+.1f %%", percent);
    }

    static String pct(double percent) {
        String s = String.format(Locale.ROOT, "%.2f", percent).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
