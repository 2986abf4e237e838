package dev.httpbench.report.compare;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * 95 % bootstrap intervals of relative changes, seeded so that the same inputs always give the same
 * interval. Stateless and thread-safe.
 *
 * <p>Percentiles: the p-th percentile of a bootstrap resample of n latencies is the latency at rank
 * k = ceil(p n / 100) of the resample, which is the original distribution's quantile at U, where U is
 * the k-th smallest of n uniform numbers and so follows Beta(k, n - k + 1). Drawing U from that Beta
 * distribution resamples the percentile exactly without drawing n latencies, so a histogram of
 * millions of latencies costs one draw per resample.
 */
final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * The 95 % interval of {@code (current - baseline) / baseline * 100} for percentile {@code p} (0–100)
     * of two histograms: {low, high}.
     */
    static double[] percentileChange(Histogram baseline, Histogram current, double p, int resamples, long seed) {
        UniformRandomProvider rng = new SplittableRandom(seed)::nextLong;
        Quantiles b = new Quantiles(baseline);
        Quantiles c = new Quantiles(current);
        ContinuousSampler sb = b.rankSampler(rng, p);
        ContinuousSampler sc = c.rankSampler(rng, p);
        double[] changes = new double[resamples];
        for (int i = 0; i < resamples; i++) {
            double vb = b.valueAt(sb.sample());
            double vc = c.valueAt(sc.sample());
            changes[i] = (vc - vb) / Math.max(vb, 1) * 100;
        }
        return interval(changes);
    }

    /** The 95 % interval of the relative change of the means of two samples, in percent: {low, high}. */
    static double[] meanChange(double[] baseline, double[] current, int resamples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] changes = new double[resamples];
        for (int i = 0; i < resamples; i++) {
            double mb = resampledMean(baseline, rng);
            double mc = resampledMean(current, rng);
            changes[i] = mb == 0 ? 0 : (mc - mb) / mb * 100;
        }
        return interval(changes);
    }

    private static double resampledMean(double[] values, SplittableRandom rng) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[rng.nextInt(values.length)];
        }
        return sum / values.length;
    }

    private static double[] interval(double[] changes) {
        Arrays.sort(changes);
        int last = changes.length - 1;
        return new double[] {changes[(int) Math.floor(0.025 * last)], changes[(int) Math.ceil(0.975 * last)]};
    }

    /** A histogram's quantile function: cumulative counts of its recorded buckets, searched by rank. */
    private static final class Quantiles {
        private final long[] cumulative;
        private final long[] values;
        private final long total;

        Quantiles(Histogram h) {
            int buckets = 0;
            for (HistogramIterationValue ignored : h.recordedValues()) {
                buckets++;
            }
            cumulative = new long[buckets];
            values = new long[buckets];
            int i = 0;
            long sum = 0;
            for (HistogramIterationValue v : h.recordedValues()) {
                sum += v.getCountAtValueIteratedTo();
                cumulative[i] = sum;
                values[i] = v.getValueIteratedTo(); // the bucket's highest equivalent value, as HdrHistogram reports
                i++;
            }
            total = sum;
        }

        /** Draws the quantile position U of the percentile of a resample: Beta(k, n - k + 1). */
        ContinuousSampler rankSampler(UniformRandomProvider rng, double p) {
            long k = Math.max(1, (long) Math.ceil(p / 100 * total));
            k = Math.min(k, total);
            return ChengBetaSampler.of(rng, k, total - k + 1.0);
        }

        /** The value at quantile {@code u} (0–1). */
        double valueAt(double u) {
            long rank = Math.min(total, Math.max(1, (long) Math.ceil(u * total)));
            int i = Arrays.binarySearch(cumulative, rank);
            return values[i >= 0 ? i : -i - 1];
        }
    }
}
