package dev.httpbench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The answer of a {@link MaxRateSearch}: the highest open-loop rate at which the server met the
 * {@link Slo}, the p99 at that rate, every probe with its figures, and why the search stopped, as a
 * {@link #stop() field} and as a {@link #explanation() sentence}. Immutable and thread-safe.
 */
public final class MaxRate {

    /** Why the search ended. */
    public enum Stop {
        /** The highest rate meeting the SLO is known to within the precision: {@link #rate()} met it, {@link #brokenAt()} did not. */
        FOUND,
        /**
         * The load generator reached its own limit (client-bound, send lag, or it could not issue the
         * rate) before the server broke the SLO: {@link #rate()} is a lower bound of the server's.
         */
        GENERATOR_LIMIT,
        /** The SLO held at the highest rate the search was allowed ({@link MaxRateSearch.Builder#maxRate}). */
        CEILING,
        /** The SLO broke at every rate down to the lowest the search was allowed ({@link MaxRateSearch.Builder#minRate}). */
        NONE_MET,
        /** The search was stopped ({@link MaxRateSearch#stop()} or an interrupt) before it ended. */
        STOPPED
    }

    /** What one probe said about its rate. */
    public enum Verdict {
        /** The SLO held at this rate. */
        MET,
        /** The SLO broke at this rate. */
        BROKEN,
        /** Too close to a budget to tell from this probe: the rate was probed again. */
        WITHIN_NOISE,
        /** The generator was the limit: the figures are not (only) the server's. */
        GENERATOR_LIMIT,
        /** The probe was stopped before its end. */
        STOPPED
    }

    /**
     * One open-loop run of the search. When a rate is probed again because its result was within the
     * noise of the SLO, the verdict of the later attempts judges all attempts at that rate together
     * (their histograms and counts pooled); {@link #why()} says so.
     *
     * @param rate the offered rate, requests/s
     * @param attempt 1 for the first probe at this rate, 2 and up for repeats
     * @param achievedRate requests completed per second while the load was offered
     * @param p99 this probe's p99 latency (from intended send time)
     * @param serviceP99 this probe's p99 service time (from the moment the request began on a connection)
     * @param errorRate failed / sent, 0–1
     * @param sent requests sent
     * @param verdict what this probe (with the earlier attempts at its rate) said
     * @param why the verdict as a sentence, naming the figures and the budgets
     * @param result the run itself
     */
    public record Probe(double rate, int attempt, double achievedRate, Duration p99, Duration serviceP99,
            double errorRate, long sent, Verdict verdict, String why, BenchmarkResult result) {

        public Probe {
            Objects.requireNonNull(p99, "p99");
            Objects.requireNonNull(serviceP99, "serviceP99");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(result, "result");
        }
    }

    private final Slo slo;
    private final double precisionPercent;
    private final double rate;
    private final Duration p99;
    private final double brokenAt;
    private final Stop stop;
    private final String explanation;
    private final List<Probe> probes;

    MaxRate(Slo slo, double precisionPercent, double rate, Duration p99, double brokenAt, Stop stop,
            String explanation, List<Probe> probes) {
        this.slo = slo;
        this.precisionPercent = precisionPercent;
        this.rate = rate;
        this.p99 = p99;
        this.brokenAt = brokenAt;
        this.stop = stop;
        this.explanation = explanation;
        this.probes = List.copyOf(probes);
    }

    /** The SLO searched against. */
    public Slo slo() {
        return slo;
    }

    /** How close the search brought the rate that met the SLO and the one that broke it, in percent. */
    public double precisionPercent() {
        return precisionPercent;
    }

    /** Whether some rate met the SLO. */
    public boolean found() {
        return rate > 0;
    }

    /** The highest rate that met the SLO, in requests/s; 0 when none did (see {@link #found()}). */
    public double rate() {
        return rate;
    }

    /** The p99 at {@link #rate()} (all attempts at that rate pooled); empty when no rate met the SLO. */
    public Optional<Duration> p99() {
        return Optional.ofNullable(p99);
    }

    /** The lowest rate at which the server broke the SLO, in requests/s; empty when none did. */
    public OptionalDouble brokenAt() {
        return brokenAt > 0 ? OptionalDouble.of(brokenAt) : OptionalDouble.empty();
    }

    /** Why the search ended. */
    public Stop stop() {
        return stop;
    }

    /** The answer as a sentence: the rate, its p99, why the search stopped, and what to do when the generator was the limit. */
    public String explanation() {
        return explanation;
    }

    /** Every probe in the order it ran. */
    public List<Probe> probes() {
        return probes;
    }

    /** {@link #explanation()}. */
    @Override
    public String toString() {
        return explanation;
    }
}
