package dev.httpbench.report.compare;

import dev.httpbench.InvalidConfigException;
import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.Histograms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Compares a current set of runs with a baseline: for each configuration on both sides, throughput
 * and p50, p90, p99 and p99.9, each with a verdict that accounts for noise. Immutable and thread-safe.
 *
 * <p>A figure is <b>worse</b> (or better) only when all three hold:
 * <ol>
 *   <li>it changed by more than {@link Builder#maxRegressionPercent} (default
 *       {@value #DEFAULT_MAX_REGRESSION_PERCENT} %): throughput's mean over the runs, a percentile of the
 *       runs' histograms added together;</li>
 *   <li>when a side has repeats, the two sides' ranges do not overlap: a difference inside the runs' own
 *       spread (each run's own throughput or percentile) is the same;</li>
 *   <li>the change's 95 % bootstrap interval excludes 0: for a percentile, drawn from both full
 *       histograms (each resample's percentile drawn exactly through its rank's Beta distribution); for
 *       throughput, from the runs' per-interval throughputs. Seeded, so the same input always gives the
 *       same verdict.</li>
 * </ol>
 * A percentile is judged only when each side has at least 10 latencies beyond it (p99 needs 1000,
 * p99.9 10000); otherwise it is inconclusive, and so never fails a build.
 */
public final class Compare {
    /** Default {@link Builder#maxRegressionPercent}: 10 %. */
    public static final double DEFAULT_MAX_REGRESSION_PERCENT = 10;
    /** Default {@link Builder#resamples}: 2000 bootstrap resamples per figure. */
    public static final int DEFAULT_RESAMPLES = 2000;
    private static final long SEED = 0x6874747062656e63L;

    private final double maxRegressionPercent;
    private final int resamples;

    private Compare(Builder b) {
        this.maxRegressionPercent = b.maxRegressionPercent;
        this.resamples = b.resamples;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads two report folders (or summary.json files) and compares them.
     *
     * @throws UnreadableReportException naming the file and what is wrong with it
     * @throws InvalidConfigException when {@code maxRegressionPercent} is out of range
     */
    public static Comparison compare(Path baseline, Path current, double maxRegressionPercent) {
        Compare compare = builder().maxRegressionPercent(maxRegressionPercent).build();
        return compare.compare(RunSet.read(baseline), RunSet.read(current));
    }

    /** Compares {@code current} with {@code baseline}. */
    public Comparison compare(RunSet baseline, RunSet current) {
        List<ConfigurationComparison> both = new ArrayList<>();
        List<String> onlyBaseline = new ArrayList<>();
        for (String key : baseline.configurations()) {
            if (current.runCount(key) == 0) {
                onlyBaseline.add(key);
            } else {
                both.add(compare(key, baseline.runs(key), current.runs(key)));
            }
        }
        List<String> onlyCurrent = current.configurations().stream().filter(k -> baseline.runCount(k) == 0).toList();
        List<String> notes = new ArrayList<>();
        note(notes, "target", baseline, current, RecordedRun::target);
        note(notes, "method", baseline, current, RecordedRun::method);
        note(notes, "measured duration (s)", baseline, current, r -> String.format(Locale.ROOT, "%.0f", r.durationSeconds()));
        return new Comparison(baseline.toString(), current.toString(), maxRegressionPercent, both, onlyBaseline,
                onlyCurrent, notes);
    }

    private static void note(List<String> notes, String what, RunSet baseline, RunSet current,
            java.util.function.Function<RecordedRun, String> value) {
        Set<String> b = values(baseline, value);
        Set<String> c = values(current, value);
        if (!b.equals(c)) {
            notes.add("the two sides differ in " + what + ": baseline " + String.join(", ", b) + "; current "
                    + String.join(", ", c));
        }
    }

    private static Set<String> values(RunSet set, java.util.function.Function<RecordedRun, String> value) {
        return set.configurations().stream().flatMap(k -> set.runs(k).stream()).map(value)
                .filter(v -> v != null && !v.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private ConfigurationComparison compare(String key, List<RecordedRun> base, List<RecordedRun> cur) {
        Histogram hb = pooled(base);
        Histogram hc = pooled(cur);
        List<FigureComparison> figures = new ArrayList<>();
        boolean repeats = base.size() > 1 || cur.size() > 1;

        double[] ib = base.stream().flatMap(r -> r.intervalThroughputs().stream()).mapToDouble(Double::doubleValue).toArray();
        double[] ic = cur.stream().flatMap(r -> r.intervalThroughputs().stream()).mapToDouble(Double::doubleValue).toArray();
        double[] tb = base.stream().mapToDouble(RecordedRun::throughput).toArray();
        double[] tc = cur.stream().mapToDouble(RecordedRun::throughput).toArray();
        double[] tci = ib.length >= 2 && ic.length >= 2 ? Bootstrap.meanChange(ib, ic, resamples, SEED) : null;
        figures.add(judge(Figure.THROUGHPUT, mean(tb), mean(tc), tb, tc, repeats, tci,
                tci == null ? "throughput not tested for noise: a side has fewer than 2 full report intervals" : null,
                null));

        for (Figure f : List.of(Figure.P50, Figure.P90, Figure.P99, Figure.P999)) {
            double vb = ms(hb.getValueAtPercentile(f.percentile()));
            double vc = ms(hc.getValueAtPercentile(f.percentile()));
            double[] rb = base.stream().mapToDouble(r -> ms(r.latency().getValueAtPercentile(f.percentile()))).toArray();
            double[] rc = cur.stream().mapToDouble(r -> ms(r.latency().getValueAtPercentile(f.percentile()))).toArray();
            String inconclusive = null;
            long fewest = Math.min(hb.getTotalCount(), hc.getTotalCount());
            if (fewest < f.samplesNeeded()) {
                String side = hb.getTotalCount() <= hc.getTotalCount() ? "the baseline has " + hb.getTotalCount()
                        : "the current run has " + hc.getTotalCount();
                inconclusive = f.label() + " needs " + f.samplesNeeded() + " latencies on each side to be judged "
                        + "(10 beyond it); " + side;
            }
            double[] ci = inconclusive == null ? Bootstrap.percentileChange(hb, hc, f.percentile(), resamples, SEED) : null;
            figures.add(judge(f, vb, vc, rb, rc, repeats, ci, null, inconclusive));
        }
        return new ConfigurationComparison(key, base.size(), cur.size(), figures, LatencyDistribution.of(hb),
                LatencyDistribution.of(hc));
    }

    private FigureComparison judge(Figure f, double base, double cur, double[] baseRuns, double[] curRuns,
            boolean repeats, double[] ci, String untested, String inconclusive) {
        double change = base == 0 ? Double.NaN : (cur - base) / base * 100;
        double low = ci == null ? Double.NaN : ci[0];
        double high = ci == null ? Double.NaN : ci[1];
        if (inconclusive != null || base == 0) {
            String why = inconclusive != null ? inconclusive : "the baseline's " + f.label() + " is 0: no change to measure";
            return new FigureComparison(f, base, cur, change, low, high, Verdict.INCONCLUSIVE, why);
        }
        String limit = Comparison.pct(maxRegressionPercent) + " %";
        if (Math.abs(change) <= maxRegressionPercent) {
            return new FigureComparison(f, base, cur, change, low, high, Verdict.SAME, "within the " + limit + " limit");
        }
        if (repeats && overlap(baseRuns, curRuns)) {
            return new FigureComparison(f, base, cur, change, low, high, Verdict.SAME, "inside the runs' own spread "
                    + "(baseline " + range(f, baseRuns) + ", current " + range(f, curRuns) + ")");
        }
        if (ci != null && low <= 0 && high >= 0) {
            return new FigureComparison(f, base, cur, change, low, high, Verdict.SAME, "within the noise (the change's "
                    + "95 % interval, " + Comparison.signed(low) + " to " + Comparison.signed(high) + ", includes 0)");
        }
        boolean worse = f.higherIsBetter() ? change < 0 : change > 0;
        String direction = (change > 0 ? "higher" : "lower");
        String why = String.format(Locale.ROOT, "%.1f %% %s, beyond the %s limit", Math.abs(change), direction, limit)
                + (repeats ? ", outside the runs' own spread" : "")
                + (ci != null ? " and the noise" : "; " + untested);
        return new FigureComparison(f, base, cur, change, low, high, worse ? Verdict.WORSE : Verdict.BETTER, why);
    }

    private static boolean overlap(double[] a, double[] b) {
        return min(a) <= max(b) && min(b) <= max(a);
    }

    private static String range(Figure f, double[] values) {
        String unit = f == Figure.THROUGHPUT ? " req/s" : " ms";
        String fmt = f == Figure.THROUGHPUT ? "%.1f" : "%.3f";
        return values.length == 1 ? String.format(Locale.ROOT, fmt, values[0]) + unit
                : String.format(Locale.ROOT, fmt + " to " + fmt, min(values), max(values)) + unit;
    }

    private static Histogram pooled(List<RecordedRun> runs) {
        Histogram h = Histograms.newHistogram();
        runs.forEach(r -> h.add(r.latency()));
        return h;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /**
     * Builds a {@link Compare}. {@link #build()} throws one {@link InvalidConfigException} listing every
     * problem. Not thread-safe.
     */
    public static final class Builder {
        private double maxRegressionPercent = DEFAULT_MAX_REGRESSION_PERCENT;
        private int resamples = DEFAULT_RESAMPLES;

        private Builder() {
        }

        /**
         * How much worse, in percent (> 0, at most 1000), a figure may get before it can count as worse:
         * throughput this much lower, a percentile this much higher. Default
         * {@value Compare#DEFAULT_MAX_REGRESSION_PERCENT}.
         */
        public Builder maxRegressionPercent(double percent) {
            this.maxRegressionPercent = percent;
            return this;
        }

        /** Bootstrap resamples per figure, 100 to 100000. Default {@value Compare#DEFAULT_RESAMPLES}. */
        public Builder resamples(int resamples) {
            this.resamples = resamples;
            return this;
        }

        /**
         * @throws InvalidConfigException listing every problem, each naming the option, the rule and the value
         */
        public Compare build() {
            List<Problem> problems = new ArrayList<>();
            if (!(maxRegressionPercent > 0 && maxRegressionPercent <= 1000)) {
                problems.add(Problem.of("maxRegressionPercent", "must be > 0 and <= 1000", maxRegressionPercent));
            }
            if (resamples < 100 || resamples > 100_000) {
                problems.add(Problem.of("resamples", "must be between 100 and 100000", resamples));
            }
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            return new Compare(this);
        }
    }
}
