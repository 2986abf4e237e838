package dev.httpbench.analysis;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.Interval;
import dev.httpbench.spi.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How precisely a configuration's mean throughput is known, and so whether a difference between two
 * configurations stands. Immutable.
 *
 * <p>The rule: a configuration's standard error is {@code runCv / sqrt(runs)} of its mean, where
 * {@code runCv} is the coefficient of variation (stdev / mean) of its repeats' throughputs or, for a
 * single run, that of its full report intervals' throughputs divided by {@code sqrt(intervals)} (the
 * run's mean over independent intervals; intervals are not quite independent and runs differ in ways
 * one run cannot show, which is why single-run verdicts are called unconfirmed). The relative
 * difference {@code g = b / a - 1} of two means has the standard error
 * {@code (1 + g) * sqrt(se(a)^2 + se(b)^2)}; it stands when it is more than
 * {@link Criteria#CONFIDENCE_STANDARD_ERRORS} standard errors away from what it is compared with.
 *
 * @param runs how many runs the mean is over
 * @param runCv the spread of one run's throughput as a fraction of the mean; NaN when unknown (a
 *     single run with fewer than {@link Criteria#MIN_NOISE_INTERVALS} full intervals, or no throughput)
 * @param basis what the estimate rests on, in words
 */
public record Noise(int runs, double runCv, String basis) {
    /** Repeats beyond which a suggestion is not worth making. */
    static final int MAX_SUGGESTED_REPEATS = 1000;

    /** Whether the noise could be estimated. */
    public boolean known() {
        return !Double.isNaN(runCv);
    }

    /** The standard error of the mean throughput as a fraction of it; NaN when unknown. */
    public double standardError() {
        return runCv / Math.sqrt(runs);
    }

    /** The noise of the mean throughput of {@code results}, repeats of one configuration. */
    static Noise of(List<BenchmarkResult> results) {
        int n = results.size();
        if (n >= 2) {
            double mean = results.stream().mapToDouble(BenchmarkResult::throughput).average().orElse(0);
            double cv = cv(results.stream().mapToDouble(BenchmarkResult::throughput).toArray(), mean);
            return new Noise(n, cv, Double.isNaN(cv) ? n + " repeats without throughput"
                    : String.format(Locale.ROOT, "throughput CV %.1f %% over %d repeats", cv * 100, n));
        }
        BenchmarkResult r = results.get(0);
        Duration full = r.config().reportInterval().multipliedBy(9).dividedBy(10);
        double[] perInterval = r.timeline().stream().filter(i -> i.length().compareTo(full) >= 0)
                .mapToDouble(Interval::throughput).toArray();
        int k = perInterval.length;
        if (k < Criteria.MIN_NOISE_INTERVALS) {
            return new Noise(1, Double.NaN, "one run of " + k + " full report interval" + (k == 1 ? "" : "s")
                    + ", too few to estimate its noise (" + Criteria.MIN_NOISE_INTERVALS + " needed)");
        }
        double mean = Arrays.stream(perInterval).average().orElse(0);
        double intervalCv = cv(perInterval, mean);
        return new Noise(1, intervalCv / Math.sqrt(k), Double.isNaN(intervalCv) ? "one run without throughput"
                : String.format(Locale.ROOT, "one run: throughput CV %.1f %% over its %d intervals of %s",
                        intervalCv * 100, k, Durations.format(r.config().reportInterval())));
    }

    /** The standard error of {@code b / a - 1} as a fraction, given that ratio minus one is {@code gain}. */
    static double gainError(Noise a, Noise b, double gain) {
        return (1 + gain) * Math.hypot(a.standardError(), b.standardError());
    }

    /**
     * Whether {@code gain}, the relative difference of {@code b} to {@code a}, lies within the noise of
     * {@code reference} (0 to ask whether they differ at all; a rule's threshold to ask on which side
     * of it the gain lies). False when either noise is unknown: nothing can be said then.
     */
    static boolean withinNoise(Noise a, Noise b, double gain, double reference) {
        return a.known() && b.known()
                && Math.abs(gain - reference) < Criteria.CONFIDENCE_STANDARD_ERRORS * gainError(a, b, gain);
    }

    /**
     * The repeats per configuration at which {@code gain} would lie {@code margin} or more away from its
     * reference by the rule above, at the spread measured so far; at least
     * {@link Criteria#SUGGESTED_REPEATS} and more than the runs made.
     */
    static int repeatsNeeded(Noise a, Noise b, double gain, double margin) {
        double z = Criteria.CONFIDENCE_STANDARD_ERRORS;
        double spread = (1 + gain) * (1 + gain) * (a.runCv() * a.runCv() + b.runCv() * b.runCv());
        double n = margin <= 0 ? Double.POSITIVE_INFINITY : Math.ceil(z * z * spread / (margin * margin));
        int atLeast = Math.max(Criteria.SUGGESTED_REPEATS, Math.max(a.runs(), b.runs()) + 1);
        return n > MAX_SUGGESTED_REPEATS ? Integer.MAX_VALUE : Math.max(atLeast, (int) n);
    }

    /**
     * What to run so that a difference stands: repeats, or for single runs equally longer runs (their
     * noise estimate shrinks with the square root of the length).
     */
    static String suggestion(int repeats, Noise a, Noise b, Duration runLength) {
        if (repeats == Integer.MAX_VALUE) {
            return "the difference is too small to resolve at this noise (it would take more than "
                    + MAX_SUGGESTED_REPEATS + " repeats per configuration); compare configurations further apart";
        }
        String s = "run at least " + repeats + " repeats per configuration";
        if (a.runs() == 1 && b.runs() == 1 && runLength != null && !runLength.isZero()) {
            s += ", or each run " + repeats + " times as long (about "
                    + Durations.format(runLength.multipliedBy(repeats)) + ")";
        }
        return s;
    }

    private static double cv(double[] values, double mean) {
        if (!(mean > 0)) {
            return Double.NaN;
        }
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return Math.sqrt(sq / (values.length - 1)) / mean;
    }
}
