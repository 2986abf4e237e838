package dev.httpbench;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.MaxRate.Probe;
import dev.httpbench.MaxRate.Stop;
import dev.httpbench.MaxRate.Verdict;
import dev.httpbench.internal.Problems;
import dev.httpbench.spi.Histograms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Finds the highest open-loop rate at which a server meets an {@link Slo}. Thread contract:
 * {@link #run()} blocks its caller and runs every probe, the {@link Prober} and the
 * {@link Builder#onProbe listener} on that thread, one probe at a time; {@link #stop()} may be called
 * from any thread. A search runs once.
 *
 * <p>Each probe is one open-loop run of the base configuration at the probe's rate, with its own
 * warm-up (the base configuration's, automatic by default), its duration or request budget, and its
 * concurrency as the cap on connections: set that well above rate × latency, or the cap becomes the
 * limit. The search:
 * <ol>
 *   <li>doubles the rate from the start rate until the SLO breaks (halves it first when the start rate
 *       already breaks it);</li>
 *   <li>bisects between the highest rate that met the SLO and the lowest that broke it until they are
 *       within the precision (default {@value #DEFAULT_PRECISION_PERCENT} % of the former);</li>
 *   <li>probes a rate again, up to {@link Builder#maxRepeats} times, while its result is <b>within the
 *       noise</b> of the SLO, and then judges all attempts at that rate together (histograms and counts
 *       pooled, which narrows the noise). A result is within the noise when no budget is clearly broken
 *       and one of them could go either way: the p99 budget lies inside the p99's 95 % confidence
 *       interval (distribution-free, from the order statistics of the run's own histogram) widened by
 *       {@value #NOISE_MARGIN_PERCENT} % of the budget on each side for run-to-run variation; or some
 *       requests failed and the error-rate budget (when above 0) lies inside the error rate's 95 % Wilson
 *       interval; or the
 *       achieved rate's shortfall is within {@value #RATE_NOISE_POINTS} percentage point of the
 *       tolerance (more when the probe completed few requests: two requests' worth of its count);</li>
 *   <li>treats a rate as the generator's limit, not the server's, when its result carries the engine's
 *       {@code client-bound} warning or says the open loop fell short or behind (the generator could not
 *       issue the rate), or when it carries the {@code send lag} warning and the latency broke the p99
 *       budget while the service time (which leaves the generator's send lag out) did not. A rate above
 *       the generator's limit is never probed, and when the answer lies at that limit the search stops
 *       and says so ({@link Stop#GENERATOR_LIMIT}): the server's own limit is higher.</li>
 * </ol>
 * The achieved rate is the requests completed per second while the load was offered: over the
 * timeline's full report intervals that started before the last request was issued, the first left
 * out (its first responses arrive one latency late); with fewer than two such intervals, over the run
 * less the median service time (the run lasts until its last response, one latency after the last
 * request), or over the time requests were issued when that is longer.
 */
public final class MaxRateSearch {
    /** Default {@link Builder#startRate}: 100 requests/s, or the base configuration's rate when it has one. */
    public static final double DEFAULT_START_RATE = 100;
    /** Default {@link Builder#minRate}: 1 request/s. */
    public static final double DEFAULT_MIN_RATE = 1;
    /** Default {@link Builder#precisionPercent}: 5 %. */
    public static final double DEFAULT_PRECISION_PERCENT = 5;
    /** Default {@link Builder#maxRepeats}: a rate within the noise is probed at most twice more. */
    public static final int DEFAULT_MAX_REPEATS = 2;
    /** Extra width of the p99's noise band on each side, in % of the budget: run-to-run variation. */
    public static final double NOISE_MARGIN_PERCENT = 5;
    /** Half-width of the achieved rate's noise band around the tolerance, in percentage points. */
    public static final double RATE_NOISE_POINTS = 1;
    /**
     * How the engine's warnings that the generator was the limit begin (benchmark-system's
     * {@code Saturation} words them): {@code send lag} counts only when the service time met the budget.
     */
    public static final List<String> GENERATOR_WARNINGS = List.of("client-bound", "open loop fell", "send lag");
    /** A p99 from fewer latencies than this rests on fewer than 10 beyond it (the answer says so). */
    static final long P99_SAMPLES = 1000;
    private static final double Z95 = 1.959964;

    /** Runs one probe: an open-loop run of {@code config}. The default starts it with the engine on the class path. */
    @FunctionalInterface
    public interface Prober {
        /** Runs {@code config} to its end and returns its result. */
        BenchmarkResult probe(BenchmarkConfig config) throws InterruptedException;
    }

    private final BenchmarkConfig base;
    private final Slo slo;
    private final double startRate;
    private final double minRate;
    private final double maxRate;
    private final double precisionPercent;
    private final int maxRepeats;
    private final Prober prober; // null: the engine
    private final Consumer<Probe> onProbe;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<BenchmarkRun> current = new AtomicReference<>();
    private volatile boolean stopped;

    private MaxRateSearch(Builder b) {
        this.base = b.base;
        this.slo = b.slo;
        this.startRate = b.startRate();
        this.minRate = b.minRate;
        this.maxRate = b.maxRate;
        this.precisionPercent = b.precisionPercent;
        this.maxRepeats = b.maxRepeats;
        this.prober = b.prober;
        this.onProbe = b.onProbe;
    }

    /**
     * A search from {@code base} (target, request, concurrency, workers, duration or requests, warm-up;
     * its rate or stages are replaced by each probe's rate) against {@code slo}.
     */
    public static Builder builder(BenchmarkConfig base, Slo slo) {
        return new Builder(base, slo);
    }

    /** The rate of the first probe, requests/s. */
    public double startRate() {
        return startRate;
    }

    /**
     * Runs the search to its end and returns the answer; after {@link #stop()} or an interrupt, the
     * answer so far ({@link Stop#STOPPED}, the thread's interrupt flag set again for an interrupt).
     *
     * @throws IllegalStateException when this search has run already
     * @throws RuntimeException what the engine or the prober threw
     */
    public MaxRate run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a MaxRateSearch runs once; build another to search again");
        }
        return new Search().run();
    }

    /** Ends the search: the probe in progress is stopped (with the default prober) and no other starts. Idempotent. */
    public void stop() {
        stopped = true;
        BenchmarkRun run = current.get();
        if (run != null) {
            run.stop();
        }
    }

    private BenchmarkResult probe(BenchmarkConfig config) throws InterruptedException {
        if (prober != null) {
            return prober.probe(config);
        }
        BenchmarkRun run = Benchmark.start(config);
        current.set(run);
        try {
            if (stopped) {
                run.stop(); // stop() came between the check and the set
            }
            return run.await();
        } catch (InterruptedException e) {
            run.stop();
            throw e;
        } finally {
            current.set(null);
        }
    }

    /** The state of one search; lives on the searching thread. */
    private final class Search {
        private final List<Probe> probes = new ArrayList<>();
        private double pass; // highest rate that met the SLO; 0: none
        private Figures passFigures;
        private double fail; // lowest rate at which the server broke the SLO; 0: none
        private String failWhy;
        private double generator; // lowest rate at which the generator was the limit; 0: none
        private String generatorWhy;

        MaxRate run() {
            double rate = startRate;
            try {
                while (true) {
                    if (stopped) {
                        return answer(Stop.STOPPED, rate);
                    }
                    Outcome o = evaluate(rate);
                    if (o.verdict() == Verdict.STOPPED) {
                        return answer(Stop.STOPPED, rate);
                    }
                    if (o.met()) {
                        pass = rate;
                        passFigures = o.figures();
                    }
                    if (o.verdict() == Verdict.BROKEN) {
                        fail = rate;
                        failWhy = o.detail();
                    } else if (o.verdict() == Verdict.GENERATOR_LIMIT) {
                        generator = rate;
                        generatorWhy = o.detail();
                    }
                    double upper = upper();
                    if (upper == 0) { // everything met so far
                        if (rate >= maxRate) {
                            return answer(Stop.CEILING, rate);
                        }
                        rate = Math.min(rate * 2, maxRate);
                    } else if (pass == 0) { // nothing met yet
                        if (rate <= minRate) {
                            return answer(serverFirst() ? Stop.NONE_MET : Stop.GENERATOR_LIMIT, rate);
                        }
                        rate = Math.max(rate / 2, minRate);
                    } else {
                        if (upper - pass <= pass * precisionPercent / 100) {
                            return answer(serverFirst() ? Stop.FOUND : Stop.GENERATOR_LIMIT, rate);
                        }
                        rate = (pass + upper) / 2;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer(Stop.STOPPED, rate);
            }
        }

        /** The lowest rate that did not give a clean pass: the server's break or the generator's limit; 0 for none. */
        private double upper() {
            if (fail == 0 || generator == 0) {
                return Math.max(fail, generator);
            }
            return Math.min(fail, generator);
        }

        /** Whether the server broke the SLO below the generator's limit. */
        private boolean serverFirst() {
            return fail > 0 && (generator == 0 || fail < generator);
        }

        /** Probes {@code rate}, again while within the noise, and judges all attempts together. */
        private Outcome evaluate(double rate) throws InterruptedException {
            BenchmarkConfig config = base.toBuilder().closedLoop().rate(rate).build();
            List<BenchmarkResult> attempts = new ArrayList<>();
            for (int attempt = 1; ; attempt++) {
                if (stopped && attempt > 1) {
                    return new Outcome(Verdict.STOPPED, false, null, "");
                }
                BenchmarkResult r = probe(config);
                attempts.add(r);
                Figures own = Figures.of(List.of(r), rate);
                Figures all = attempt == 1 ? own : Figures.of(attempts, rate);
                String pooled = attempt == 1 ? "" : "with the " + attempt + " attempts at this rate pooled, ";
                Judgement j = judge(all);
                Verdict verdict;
                String why;
                String limit = generatorLimit(r, all);
                if (r.interrupted()) {
                    verdict = Verdict.STOPPED;
                    why = "stopped before its end";
                } else if (limit != null) {
                    verdict = Verdict.GENERATOR_LIMIT;
                    why = (j.met() ? pooled + "met the SLO (" + j.figures() + "), but the generator was at its limit: "
                            : "the generator, not the server, was the limit: ") + limit;
                } else if (j.withinNoise() && attempt <= maxRepeats) {
                    verdict = Verdict.WITHIN_NOISE;
                    why = pooled + "within the noise of the SLO: " + j.noise() + "; probing " + rate(rate) + " again";
                } else {
                    verdict = j.met() ? Verdict.MET : Verdict.BROKEN;
                    why = pooled + (j.met() ? "met the SLO: " + j.figures() : "broke the SLO: " + j.broken())
                            + (j.withinNoise() ? " (still within the noise after " + attempt + " attempts: judged on the figures)" : "");
                }
                Probe p = new Probe(rate, attempt, own.achievedRate(), own.p99(), own.serviceP99(), own.errorRate(),
                        r.sent(), verdict, why, r);
                probes.add(p);
                if (onProbe != null) {
                    onProbe.accept(p);
                }
                if (verdict != Verdict.WITHIN_NOISE) {
                    return new Outcome(verdict, j.met() && verdict != Verdict.STOPPED, all,
                            verdict == Verdict.GENERATOR_LIMIT ? limit : j.broken());
                }
            }
        }

        private Judgement judge(Figures f) {
            List<String> broken = new ArrayList<>();
            List<String> noise = new ArrayList<>();
            boolean clearlyBroken = false;
            if (f.sent() == 0 || f.latencyCount() == 0) {
                return new Judgement(false, false, "no response was received", "", "");
            }
            Duration budget = slo.p99();
            if (f.p99().compareTo(budget) > 0) {
                broken.add("p99 " + format(f.p99()) + " above the " + format(budget) + " budget");
            }
            double margin = budget.toNanos() * NOISE_MARGIN_PERCENT / 100;
            boolean p99Noise = f.p99Low().toNanos() - margin <= budget.toNanos()
                    && budget.toNanos() <= f.p99High().toNanos() + margin;
            if (p99Noise) {
                noise.add("p99 " + format(f.p99()) + " is too close to the " + format(budget) + " budget to tell (95 % "
                        + "interval " + format(f.p99Low()) + " to " + format(f.p99High()) + ", widened by "
                        + Slo.percent(NOISE_MARGIN_PERCENT) + " % of the budget)");
            } else {
                clearlyBroken |= f.p99().compareTo(budget) > 0;
            }
            double errorBudget = slo.maxErrorRate();
            if (f.errorRate() > errorBudget) {
                broken.add("error rate " + pct(f.errorRate() * 100) + " % above the " + Slo.percent(errorBudget * 100)
                        + " % budget");
            }
            double[] wilson = wilson(f.failed(), f.sent());
            // no failure at all is no sign of failures near the budget, however few the requests
            boolean errorNoise = errorBudget > 0 && f.failed() > 0 && wilson[0] <= errorBudget && errorBudget <= wilson[1];
            if (errorNoise) {
                noise.add("error rate " + pct(f.errorRate() * 100) + " % is too close to the "
                        + Slo.percent(errorBudget * 100) + " % budget to tell (95 % interval " + pct(wilson[0] * 100)
                        + " % to " + pct(wilson[1] * 100) + " %)");
            } else {
                clearlyBroken |= f.errorRate() > errorBudget;
            }
            double shortfall = (1 - f.achievedRate() / f.rate()) * 100;
            double tolerance = slo.rateTolerancePercent();
            if (shortfall > tolerance) {
                broken.add("achieved " + rate(f.achievedRate()) + ", " + pct(shortfall) + " % short of the offered rate "
                        + "(tolerance " + Slo.percent(tolerance) + " %)");
            }
            // a count over a window is off by about one request at each end: few requests, wide band
            double band = Math.max(RATE_NOISE_POINTS, 200 / Math.max(1, f.rate() * f.offeredSeconds()));
            if (Math.abs(shortfall - tolerance) <= band) {
                noise.add("the achieved rate is " + pct(shortfall) + " % short, too close to the "
                        + Slo.percent(tolerance) + " % tolerance to tell");
            } else {
                clearlyBroken |= shortfall > tolerance;
            }
            String figures = "p99 " + format(f.p99()) + " (budget " + format(budget) + "), error rate "
                    + pct(f.errorRate() * 100) + " % (budget " + Slo.percent(errorBudget * 100) + " %), achieved "
                    + rate(f.achievedRate()) + " of " + rate(f.rate()) + " offered";
            return new Judgement(broken.isEmpty(), !clearlyBroken && !noise.isEmpty(), String.join("; ", broken),
                    String.join("; ", noise), figures);
        }

        /** Why {@code r} shows the generator's limit rather than the server's, or null when it does not. */
        private String generatorLimit(BenchmarkResult r, Figures pooled) {
            for (String w : r.warnings()) {
                if (w.startsWith(GENERATOR_WARNINGS.get(0)) || w.startsWith(GENERATOR_WARNINGS.get(1))) {
                    return w;
                }
            }
            for (String w : r.warnings()) {
                if (w.startsWith(GENERATOR_WARNINGS.get(2)) && pooled.p99().compareTo(slo.p99()) > 0
                        && pooled.serviceP99().compareTo(slo.p99()) <= 0) {
                    return w + " (the latency broke the " + format(slo.p99()) + " budget, the service time alone, "
                            + format(pooled.serviceP99()) + " at p99, did not)";
                }
            }
            return null;
        }

        private MaxRate answer(Stop stop, double lastRate) {
            StringBuilder s = new StringBuilder();
            Duration p99 = passFigures == null ? null : passFigures.p99();
            String met = pass > 0 ? rate(pass) + " (p99 " + format(p99) + ")" : null;
            int n = probes.size();
            String inProbes = " in " + n + " probe" + (n == 1 ? "" : "s");
            switch (stop) {
                case FOUND -> s.append("The highest rate that meets the SLO (").append(slo).append(") is ").append(met)
                        .append("; ").append(rate(fail)).append(" broke it (").append(failWhy).append("); found to within ")
                        .append(Slo.percent(precisionPercent)).append(" %").append(inProbes).append('.');
                case GENERATOR_LIMIT -> {
                    s.append("The load generator, not the server, was the limit at ").append(rate(generator)).append(" (")
                            .append(generatorWhy).append("); ");
                    s.append(pass > 0 ? "the server met the SLO (" + slo + ") up to at least " + met
                            + ", and its own limit may lie higher" : "no rate was measured cleanly");
                    s.append(" (").append(n).append(" probe").append(n == 1 ? "" : "s").append("). Use more workers "
                            + "(up to the cores), a bigger machine or several generators to find the server's limit.");
                }
                case CEILING -> s.append("The server met the SLO (").append(slo).append(") at the highest rate the search "
                        + "was allowed, ").append(met).append(inProbes).append("; raise maxRate to search higher.");
                case NONE_MET -> s.append("No rate met the SLO (").append(slo).append("): even ").append(rate(lastRate))
                        .append(", the lowest rate the search was allowed, broke it (").append(failWhy).append(")")
                        .append(inProbes).append('.');
                case STOPPED -> s.append("The search was stopped after ").append(n)
                        .append(" probe").append(n == 1 ? "" : "s").append("; ")
                        .append(pass > 0 ? "the highest rate that met the SLO (" + slo + ") so far is " + met
                                : "no rate had met the SLO (" + slo + ") yet").append('.');
                default -> throw new IllegalStateException("unknown stop " + stop);
            }
            if (passFigures != null) {
                if (passFigures.latencyCount() < P99_SAMPLES) {
                    s.append(" The p99 at ").append(rate(pass)).append(" rests on ").append(passFigures.latencyCount())
                            .append(" latencies, fewer than the ").append(P99_SAMPLES).append(" that put 10 beyond it: "
                                    + "lengthen the probes.");
                }
                double inFlight = pass * passFigures.serviceMean().toNanos() / 1e9;
                if (inFlight >= 0.8 * base.concurrency()) {
                    s.append(String.format(Locale.ROOT, " At %s about %.0f requests were being served at once, close "
                            + "to the concurrency of %d that caps the connections: raise it to check that the cap, "
                            + "not the server, set the limit.", rate(pass), inFlight, base.concurrency()));
                }
            }
            return new MaxRate(slo, precisionPercent, pass, p99, fail, stop, s.toString(), probes);
        }
    }

    /** 95 % Wilson score interval of {@code failures} of {@code n}: {low, high}. */
    static double[] wilson(long failures, long n) {
        if (n == 0) {
            return new double[] {0, 1};
        }
        double p = (double) failures / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static String rate(double rate) {
        return (rate == Math.rint(rate) ? String.format(Locale.ROOT, "%.0f", rate)
                : String.format(Locale.ROOT, "%.1f", rate)) + " requests/s";
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * What one rate's evaluation said: {@code figures} are those of all attempts pooled, {@code detail}
     * the broken budgets or the generator's warning.
     */
    private record Outcome(Verdict verdict, boolean met, Figures figures, String detail) {
    }

    /** The SLO's verdict on some figures, as flags and sentences. */
    private record Judgement(boolean met, boolean withinNoise, String broken, String noise, String figures) {
    }

    /**
     * The figures the SLO is judged on, of one or more runs at one rate pooled: histograms added,
     * counts and times summed.
     */
    record Figures(double rate, long sent, long failed, long latencyCount, Duration p99, Duration p99Low,
            Duration p99High, Duration serviceP99, Duration serviceMean, double achievedRate, double offeredSeconds) {

        double errorRate() {
            return sent == 0 ? 0 : (double) failed / sent;
        }

        static Figures of(List<BenchmarkResult> runs, double rate) {
            Histogram latency = Histograms.newHistogram();
            Histogram service = Histograms.newHistogram();
            long sent = 0;
            long failed = 0;
            double completed = 0;
            double seconds = 0;
            for (BenchmarkResult r : runs) {
                latency.add(r.latency().histogram());
                service.add(r.serviceTime().histogram());
                sent += r.sent();
                failed += r.failed();
                double[] window = offeredWindow(r);
                completed += window[0];
                seconds += window[1];
            }
            long n = latency.getTotalCount();
            // distribution-free 95 % interval of the p99: the ranks between which it lies
            double spread = Z95 * Math.sqrt(n * 0.99 * 0.01);
            double low = n == 0 ? 0 : Math.max(0, (n * 0.99 - spread) / n * 100);
            double high = n == 0 ? 100 : Math.min(100, (n * 0.99 + spread + 1) / n * 100);
            return new Figures(rate, sent, failed, n, micros(latency.getValueAtPercentile(99)),
                    micros(latency.getValueAtPercentile(low)), micros(latency.getValueAtPercentile(high)),
                    micros(service.getValueAtPercentile(99)),
                    Duration.ofNanos(Math.round(n == 0 ? 0 : service.getMean() * 1_000)),
                    seconds > 0 ? completed / seconds : 0, seconds);
        }

        /** {requests completed, seconds} while the load was offered; see the class comment. */
        private static double[] offeredWindow(BenchmarkResult r) {
            Duration full = r.config().reportInterval();
            long completed = 0;
            Duration length = Duration.ZERO;
            int used = 0;
            List<Interval> timeline = r.timeline();
            for (int i = 1; i < timeline.size(); i++) {
                Interval in = timeline.get(i);
                if (in.length().equals(full) && in.offset().compareTo(r.issueDuration()) < 0) {
                    completed += in.succeeded() + in.failed();
                    length = length.plus(in.length());
                    used++;
                }
            }
            if (used < 2) {
                // the run lasts until its last response: leave out that response's own latency, which is
                // no time of the server falling behind
                Duration window = r.duration().minus(r.serviceTime().p50());
                return new double[] {r.succeeded() + r.failed(),
                        Math.max(r.issueDuration().toNanos(), window.toNanos()) / 1e9};
            }
            return new double[] {completed, length.toNanos() / 1e9};
        }

        private static Duration micros(long value) {
            return Duration.ofNanos(value * 1_000);
        }
    }

    /**
     * Builds a {@link MaxRateSearch}. Each setter checks its value; {@link #build()} checks them against
     * each other and throws one {@link InvalidConfigException} listing every problem. Not thread-safe.
     */
    public static final class Builder {
        private final Problems problems = new Problems();
        private final BenchmarkConfig base;
        private final Slo slo;
        private Double startRate; // null: derived
        private double minRate = DEFAULT_MIN_RATE;
        private double maxRate = BenchmarkConfig.MAX_RATE;
        private double precisionPercent = DEFAULT_PRECISION_PERCENT;
        private int maxRepeats = DEFAULT_MAX_REPEATS;
        private Prober prober;
        private Consumer<Probe> onProbe;

        private Builder(BenchmarkConfig base, Slo slo) {
            this.base = Objects.requireNonNull(base, "base");
            this.slo = Objects.requireNonNull(slo, "slo");
        }

        private double startRate() {
            return startRate != null ? startRate : base.openLoop() ? base.rate() : DEFAULT_START_RATE;
        }

        /**
         * The first probe's rate, requests/s (> 0, at most {@link BenchmarkConfig#MAX_RATE}). Default: the
         * base configuration's rate when it is open loop, else {@value MaxRateSearch#DEFAULT_START_RATE}.
         */
        public Builder startRate(double requestsPerSecond) {
            this.startRate = requestsPerSecond;
            problems.check("startRate", rateOk(requestsPerSecond),
                    Problem.of("startRate", "must be > 0 and <= 10000000 requests/s", requestsPerSecond));
            return this;
        }

        /** The lowest rate probed when the start rate breaks the SLO, requests/s (> 0, at most the start rate). Default 1. */
        public Builder minRate(double requestsPerSecond) {
            this.minRate = requestsPerSecond;
            problems.check("minRate", rateOk(requestsPerSecond),
                    Problem.of("minRate", "must be > 0 and <= 10000000 requests/s", requestsPerSecond));
            return this;
        }

        /** The highest rate probed, requests/s (at least the start rate). Default {@link BenchmarkConfig#MAX_RATE}. */
        public Builder maxRate(double requestsPerSecond) {
            this.maxRate = requestsPerSecond;
            problems.check("maxRate", rateOk(requestsPerSecond),
                    Problem.of("maxRate", "must be > 0 and <= 10000000 requests/s", requestsPerSecond));
            return this;
        }

        /**
         * How close, in % of the higher-passing rate, the rate that met the SLO and the one that broke it
         * must come before the search ends (> 0, at most 50). Default {@value MaxRateSearch#DEFAULT_PRECISION_PERCENT}.
         */
        public Builder precisionPercent(double percent) {
            this.precisionPercent = percent;
            problems.check("precisionPercent", percent > 0 && percent <= 50,
                    Problem.of("precisionPercent", "must be > 0 and <= 50", percent));
            return this;
        }

        /** How often a rate within the noise of the SLO is probed again, 0 to 10. Default {@value MaxRateSearch#DEFAULT_MAX_REPEATS}. */
        public Builder maxRepeats(int repeats) {
            this.maxRepeats = repeats;
            problems.check("maxRepeats", repeats >= 0 && repeats <= 10,
                    Problem.of("maxRepeats", "must be between 0 and 10", repeats));
            return this;
        }

        /** Runs the probes instead of the engine: for tests, or to run each probe elsewhere. */
        public Builder prober(Prober prober) {
            this.prober = Objects.requireNonNull(prober, "prober");
            return this;
        }

        /** Called on the searching thread after each probe, e.g. to print progress; must not block for long. */
        public Builder onProbe(Consumer<Probe> listener) {
            this.onProbe = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @throws InvalidConfigException listing every problem, each naming the option, the rule and the value
         */
        public MaxRateSearch build() {
            List<Problem> cross = new ArrayList<>();
            double start = startRate();
            if (!problems.has("startRate") && !problems.has("minRate") && minRate > start) {
                cross.add(Problem.of("minRate", "must be <= startRate (" + start + ")", minRate));
            }
            if (!problems.has("startRate") && !problems.has("maxRate") && maxRate < start) {
                cross.add(Problem.of("maxRate", "must be >= startRate (" + start + ")", maxRate));
            }
            problems.throwIfAny(List.of(), cross);
            return new MaxRateSearch(this);
        }

        /** Builds the search and runs it; see {@link MaxRateSearch#run()}. */
        public MaxRate run() {
            return build().run();
        }

        private static boolean rateOk(double rate) {
            return rate > 0 && rate <= BenchmarkConfig.MAX_RATE && Double.isFinite(rate);
        }
    }
}
