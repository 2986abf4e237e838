package dev.httpbench;

import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.internal.Problems;
import dev.httpbench.spi.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A service level objective that an open-loop run at a given rate meets or breaks: a p99 latency
 * budget, an error-rate budget, and how far the achieved rate may fall short of the offered rate.
 * What {@link MaxRateSearch} searches against. Immutable and thread-safe.
 *
 * <pre>{@code
 * Slo slo = Slo.builder().p99(Duration.ofMillis(150)).maxErrorRate(0.001).build();
 * }</pre>
 */
public final class Slo {
    /** Default {@link #maxErrorRate()}: 1 % of the requests may fail. */
    public static final double DEFAULT_MAX_ERROR_RATE = 0.01;
    /** Default {@link #rateTolerancePercent()}: the achieved rate may be at most 5 % short. */
    public static final double DEFAULT_RATE_TOLERANCE_PERCENT = 5;

    private final Duration p99;
    private final double maxErrorRate;
    private final double rateTolerancePercent;

    private Slo(Builder b) {
        this.p99 = b.p99;
        this.maxErrorRate = b.maxErrorRate;
        this.rateTolerancePercent = b.rateTolerancePercent;
    }

    /** The SLO with this p99 budget and the default error-rate budget and rate tolerance. */
    public static Slo of(Duration p99) {
        return builder().p99(p99).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The latency budget: the run's p99 (percentile 99 of 0–100, from intended send time) must be at most this. */
    public Duration p99() {
        return p99;
    }

    /** The error-rate budget: failed / sent must be at most this, from 0 to 1. */
    public double maxErrorRate() {
        return maxErrorRate;
    }

    /**
     * How far the achieved rate (requests completed per second) may fall short of the offered rate, in
     * percent: a server that cannot keep up with the offered load does not meet the SLO at that rate.
     */
    public double rateTolerancePercent() {
        return rateTolerancePercent;
    }

    /** A builder holding this SLO's values. */
    public Builder toBuilder() {
        return new Builder().p99(p99).maxErrorRate(maxErrorRate).rateTolerancePercent(rateTolerancePercent);
    }

    /** E.g. {@code p99 <= 150ms, error rate <= 1 %, achieved rate >= 95 % of offered}. */
    @Override
    public String toString() {
        return "p99 <= " + Durations.format(p99) + ", error rate <= " + percent(maxErrorRate * 100)
                + " %, achieved rate >= " + percent(100 - rateTolerancePercent) + " % of offered";
    }

    /** A percentage with as many decimals as it needs, at most 3: {@code 1}, {@code 0.1}, {@code 99.5}. */
    static String percent(double value) {
        String s = String.format(Locale.ROOT, "%.3f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Slo s && p99.equals(s.p99) && maxErrorRate == s.maxErrorRate
                && rateTolerancePercent == s.rateTolerancePercent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(p99, maxErrorRate, rateTolerancePercent);
    }

    /**
     * Builds an {@link Slo}. Each setter checks its value; {@link #build()} throws one
     * {@link InvalidConfigException} listing every problem. Not thread-safe.
     */
    public static final class Builder {
        private final Problems problems = new Problems();
        private Duration p99;
        private double maxErrorRate = DEFAULT_MAX_ERROR_RATE;
        private double rateTolerancePercent = DEFAULT_RATE_TOLERANCE_PERCENT;

        private Builder() {
        }

        /** The p99 budget (> 0, at most {@link BenchmarkConfig#MAX_DURATION}); required. */
        public Builder p99(Duration p99) {
            this.p99 = p99;
            problems.positive("p99", p99, BenchmarkConfig.MAX_DURATION);
            return this;
        }

        /** The error-rate budget, from 0 (no failure allowed) to 1. Default {@value #DEFAULT_MAX_ERROR_RATE}. */
        public Builder maxErrorRate(double maxErrorRate) {
            this.maxErrorRate = maxErrorRate;
            problems.check("maxErrorRate", maxErrorRate >= 0 && maxErrorRate <= 1,
                    Problem.of("maxErrorRate", "must be between 0 and 1", maxErrorRate));
            return this;
        }

        /**
         * How far the achieved rate may fall short of the offered rate, in percent, from 0 to 50. Default
         * {@value #DEFAULT_RATE_TOLERANCE_PERCENT}.
         */
        public Builder rateTolerancePercent(double percent) {
            this.rateTolerancePercent = percent;
            problems.check("rateTolerancePercent", percent >= 0 && percent <= 50,
                    Problem.of("rateTolerancePercent", "must be between 0 and 50", percent));
            return this;
        }

        /**
         * @throws InvalidConfigException listing every problem, each naming the option, the rule and the value
         */
        public Slo build() {
            List<Problem> missing = p99 == null && !problems.has("p99")
                    ? List.of(new Problem("p99", "must be set", null, "p99 must be set: the SLO's latency budget"))
                    : List.of();
            problems.throwIfAny(missing, List.of());
            return new Slo(this);
        }
    }
}
