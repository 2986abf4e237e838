package dev.httpbench.analysis;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The verdict on a set of runs: the best configuration under the P99 SLO, where the target saturates,
 * whether repeats agree, how sure each verdict is, what makes figures untrustworthy, why requests
 * failed, and how runs compare with the machine's expectations. Immutable; compute one with
 * {@link #of(MatrixResult, Criteria)} or {@link #of(List, Criteria)}.
 *
 * <p>Repeats of one configuration (same concurrency, workers and rate) are taken together: throughput
 * is their mean, P99 the highest of theirs (an SLO must hold in every repeat). Interrupted runs and runs
 * shorter than {@link Criteria#minRunDuration()} are listed but left out of the best configuration,
 * saturation, stability and expectations; their errors and warnings still count.
 *
 * <p>Confidence: each configuration's {@link Noise} says how precisely its mean throughput is known. A
 * verdict that rests on a difference within the noise says so and suggests the repeats (or, for single
 * runs, the run length) that would make it stand; verdicts on configurations run once are unconfirmed.
 */
public final class Assessment {
    private final Criteria criteria;
    private final int planned;
    private final int ran;
    private final List<Excluded> excluded;
    private final List<Configuration> configurations;
    private final Configuration best;
    private final List<Configuration> rivals;
    private final List<Saturation> saturation;
    private final List<Stability> stability;
    private final List<Warning> warnings;
    private final List<ErrorFinding> errors;
    private final List<ExpectationCheck> expectations;

    private Assessment(Criteria criteria, int planned, List<MatrixRun> runs) {
        this.criteria = criteria;
        this.planned = planned;
        this.ran = runs.size();
        List<Excluded> left = new ArrayList<>();
        List<MatrixRun> judged = new ArrayList<>();
        for (MatrixRun run : runs) {
            Optional<String> why = RunChecks.exclusion(run.result(), criteria);
            if (why.isPresent()) {
                left.add(new Excluded(run.point().name(), why.get()));
            } else {
                judged.add(run);
            }
        }
        this.excluded = List.copyOf(left);
        this.configurations = List.copyOf(configurations(judged));
        this.best = configurations.stream()
                .filter(c -> c.succeeded() > 0 && c.p99().compareTo(criteria.sloP99()) <= 0)
                .max(Comparator.comparingDouble(Configuration::throughput)).orElse(null);
        this.rivals = best == null ? List.of() : configurations.stream()
                .filter(c -> c != best && c.succeeded() > 0 && c.p99().compareTo(criteria.sloP99()) <= 0)
                .filter(c -> Noise.withinNoise(best.noise(), c.noise(), c.throughput() / best.throughput() - 1, 0))
                .toList();
        this.saturation = List.copyOf(saturation(configurations));
        this.stability = configurations.stream().filter(c -> c.throughputs().size() > 1)
                .map(c -> new Stability(c.key(), c.throughputs().size(), c.throughput(), c.throughputStdDev(),
                        c.throughputCv(), c.throughputCv() > criteria.maxThroughputCv()))
                .toList();
        this.warnings = List.copyOf(RunChecks.warnings(runs, criteria));
        this.errors = List.copyOf(errors(runs));
        this.expectations = List.copyOf(expectations(judged, criteria.expectations()));
    }

    /**
     * One configuration of the matrix, its judged repeats taken together.
     *
     * @param noise how precisely the mean throughput is known
     * @param duration the mean measured length of its runs
     */
    public record Configuration(String key, int concurrency, int workers, Double rate, List<Double> throughputs,
            Duration p99, long sent, long succeeded, long failed, Noise noise, Duration duration) {
        public Configuration {
            throughputs = List.copyOf(throughputs);
        }

        /** Mean throughput over the repeats, successful responses per second. */
        public double throughput() {
            return throughputs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        /** Sample standard deviation of the repeats' throughput; 0 for one repeat. */
        public double throughputStdDev() {
            int n = throughputs.size();
            if (n < 2) {
                return 0;
            }
            double mean = throughput();
            double sq = throughputs.stream().mapToDouble(t -> (t - mean) * (t - mean)).sum();
            return Math.sqrt(sq / (n - 1));
        }

        /** Coefficient of variation of throughput (stdev / mean); 0 for one repeat or no throughput. */
        public double throughputCv() {
            double mean = throughput();
            return mean > 0 ? throughputStdDev() / mean : 0;
        }

        /** {@code failed / sent} over every repeat. */
        public double errorRate() {
            return sent == 0 ? 0 : (double) failed / sent;
        }
    }

    /**
     * A run left out of the verdicts.
     *
     * @param run the run's name
     * @param reason why, e.g. {@code interrupted after 1.1s of 2s}
     */
    public record Excluded(String run, String reason) {
    }

    /**
     * Where more concurrency stops adding throughput but adds latency, for one worker count (closed
     * loop).
     *
     * @param workers the worker count of this series
     * @param kneeConcurrency the saturation point, or null when not reached within the levels run
     * @param throughput mean throughput at the knee (or at the highest level when not reached)
     * @param p99 P99 at the knee (or at the highest level)
     * @param explanation what the figures show, and how sure that is
     * @param confirmed whether every step the verdict rests on lies clearly on one side of the rule at
     *     this noise, over repeated runs
     */
    public record Saturation(int workers, Integer kneeConcurrency, double throughput, Duration p99,
            String explanation, boolean confirmed) {
    }

    /**
     * How much throughput varied across the repeats of one configuration.
     *
     * @param cv coefficient of variation, stdev / mean, as a fraction
     * @param unstable whether {@code cv} exceeds {@link Criteria#maxThroughputCv()}
     */
    public record Stability(String key, int repeats, double meanThroughput, double stdDev, double cv,
            boolean unstable) {
    }

    /**
     * Something that makes figures untrustworthy as the target's own.
     *
     * @param kind {@code host_saturated}, {@code schedule_lag}, {@code overloaded} or {@code vm_size_cores}
     * @param runs the runs it concerns (none for {@code vm_size_cores})
     * @param text the warning as a sentence with the measured figures and the limit
     */
    public record Warning(String kind, List<String> runs, String text) {
        public Warning {
            runs = List.copyOf(runs);
        }
    }

    /**
     * One kind of failure seen across the runs.
     *
     * @param kind a {@link FailureKind#id()} or {@code http_NNN} for a failing status
     * @param count how many requests failed so, over all runs
     * @param share {@code count} / requests sent over all runs
     * @param likelyCause what usually causes it and what to check
     * @param runs the names of the runs it occurred in
     */
    public record ErrorFinding(String kind, long count, double share, String likelyCause, List<String> runs) {
        public ErrorFinding {
            runs = List.copyOf(runs);
        }
    }

    /**
     * One run compared with the expectation for its concurrency level.
     *
     * @param meets whether throughput reached the expectation and P99 stayed under it, both within
     *     {@link Criteria#EXPECTATION_TOLERANCE}
     */
    public record ExpectationCheck(String run, int concurrency, double expectedThroughput, double throughput,
            Duration expectedP99, Duration p99, boolean meets) {
    }

    /** Assesses the runs of a matrix, counting the points that never ran. */
    public static Assessment of(MatrixResult result, Criteria criteria) {
        return new Assessment(Objects.requireNonNull(criteria, "criteria"), result.matrix().points().size(),
                result.runs());
    }

    /** Assesses {@code runs}, which may come from one matrix or be assembled by hand. */
    public static Assessment of(List<MatrixRun> runs, Criteria criteria) {
        return new Assessment(Objects.requireNonNull(criteria, "criteria"), runs.size(), runs);
    }

    private static List<Configuration> configurations(List<MatrixRun> judged) {
        Map<String, List<MatrixRun>> byKey = new LinkedHashMap<>();
        for (MatrixRun run : judged) {
            byKey.computeIfAbsent(run.point().configurationKey(), k -> new ArrayList<>()).add(run);
        }
        List<Configuration> out = new ArrayList<>();
        byKey.forEach((key, group) -> {
            MatrixPoint p = group.get(0).point();
            List<BenchmarkResult> results = group.stream().map(MatrixRun::result).toList();
            Duration p99 = results.stream().map(r -> r.latency().p99()).max(Comparator.naturalOrder())
                    .orElse(Duration.ZERO);
            out.add(new Configuration(key, p.concurrency(), p.workers(), p.rate(),
                    results.stream().map(BenchmarkResult::throughput).toList(), p99,
                    results.stream().mapToLong(BenchmarkResult::sent).sum(),
                    results.stream().mapToLong(BenchmarkResult::succeeded).sum(),
                    results.stream().mapToLong(BenchmarkResult::failed).sum(), Noise.of(results),
                    Duration.ofNanos(Math.round(results.stream().mapToLong(r -> r.duration().toNanos()).average()
                            .orElse(0)))));
        });
        return out;
    }

    private static List<Saturation> saturation(List<Configuration> configurations) {
        Map<Integer, List<Configuration>> byWorkers = new TreeMap<>();
        configurations.stream().filter(c -> c.rate() == null)
                .forEach(c -> byWorkers.computeIfAbsent(c.workers(), k -> new ArrayList<>()).add(c));
        List<Saturation> out = new ArrayList<>();
        byWorkers.forEach((workers, series) -> {
            series.sort(Comparator.comparingInt(Configuration::concurrency));
            if (series.size() >= 2) {
                out.add(knee(workers, series));
            }
        });
        return out;
    }

    /** The knee of one series, with the first step whose side of the rule lies within the noise. */
    private static Saturation knee(int workers, List<Configuration> series) {
        double rule = Criteria.SATURATION_THROUGHPUT_GAIN;
        String doubt = null;
        boolean confirmed = series.stream().allMatch(c -> c.noise().known() && c.noise().runs() >= 2);
        for (int i = 0; i + 1 < series.size(); i++) {
            Configuration a = series.get(i);
            Configuration b = series.get(i + 1);
            if (a.throughput() <= 0) {
                continue;
            }
            double gain = b.throughput() / a.throughput() - 1;
            double growth = a.p99().isZero() ? 0 : (double) b.p99().toNanos() / a.p99().toNanos() - 1;
            boolean matters = growth > Criteria.SATURATION_P99_GROWTH; // only such steps can be the knee
            if (matters && doubt == null && !(a.noise().known() && b.noise().known())) {
                doubt = "the noise of " + a.concurrency() + " and " + b.concurrency() + " is unknown ("
                        + (a.noise().known() ? b : a).noise().basis() + ")";
                confirmed = false;
            } else if (matters && doubt == null && Noise.withinNoise(a.noise(), b.noise(), gain, rule)) {
                int repeats = Noise.repeatsNeeded(a.noise(), b.noise(), gain, Math.abs(gain - rule));
                doubt = String.format(Locale.ROOT, "%d and %d are indistinguishable at this noise (throughput "
                                + "%+.0f%% +/- %.0f%%, the rule needs it clearly below or above %+.0f%%); %s",
                        a.concurrency(), b.concurrency(), gain * 100, Criteria.CONFIDENCE_STANDARD_ERRORS
                                * Noise.gainError(a.noise(), b.noise(), gain) * 100, rule * 100,
                        Noise.suggestion(repeats, a.noise(), b.noise(), a.duration()));
                confirmed = false;
            }
            if (gain < rule && matters) {
                String text = String.format(Locale.ROOT, "saturates at concurrency %d (%.0f req/s, P99 %s): going "
                                + "to %d changed throughput by %+.0f%% while P99 rose %.0f%% to %s", a.concurrency(),
                        a.throughput(), format(a.p99()), b.concurrency(), gain * 100, growth * 100, format(b.p99()));
                return new Saturation(workers, a.concurrency(), a.throughput(), a.p99(), withDoubt(text, doubt),
                        confirmed);
            }
        }
        Configuration last = series.get(series.size() - 1);
        String text = String.format(Locale.ROOT, "not saturated up to concurrency %d (%.0f req/s, P99 %s): each "
                + "step added throughput or kept latency; try higher levels", last.concurrency(), last.throughput(),
                format(last.p99()));
        return new Saturation(workers, null, last.throughput(), last.p99(), withDoubt(text, doubt), confirmed);
    }

    private static String withDoubt(String text, String doubt) {
        return doubt == null ? text : text + " (unconfirmed: " + doubt + ")";
    }

    private static List<ErrorFinding> errors(List<MatrixRun> runs) {
        long sentTotal = runs.stream().mapToLong(r -> r.result().sent()).sum();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, List<String>> where = new LinkedHashMap<>();
        for (MatrixRun run : runs) {
            BenchmarkResult r = run.result();
            for (Map.Entry<FailureKind, Long> e : r.errors().entrySet()) {
                add(counts, where, e.getKey().id(), e.getValue(), run.point().name());
            }
            for (Map.Entry<Integer, Long> e : r.statusCounts().entrySet()) {
                if (!r.config().successStatuses().contains(e.getKey())) {
                    add(counts, where, "http_" + e.getKey(), e.getValue(), run.point().name());
                }
            }
        }
        List<ErrorFinding> out = new ArrayList<>();
        counts.forEach((kind, n) -> out.add(new ErrorFinding(kind, n, sentTotal == 0 ? 0 : (double) n / sentTotal,
                likelyCause(kind), where.get(kind))));
        out.sort(Comparator.comparingLong(ErrorFinding::count).reversed());
        return out;
    }

    private static void add(Map<String, Long> counts, Map<String, List<String>> where, String kind, long n,
            String run) {
        counts.merge(kind, n, Long::sum);
        where.computeIfAbsent(kind, k -> new ArrayList<>()).add(run);
    }

    /**
     * What usually causes a failure kind ({@link FailureKind#id()} or {@code http_NNN}), and what to
     * check; settings are named neutrally, never as command-line flags.
     */
    public static String likelyCause(String kind) {
        return LikelyCauses.of(kind);
    }

    private static List<ExpectationCheck> expectations(List<MatrixRun> runs, ExpectationTable table) {
        if (table == null) {
            return List.of();
        }
        List<ExpectationCheck> out = new ArrayList<>();
        for (MatrixRun run : runs) {
            Optional<Expectation> e = table.at(run.point().concurrency());
            if (e.isEmpty()) {
                continue;
            }
            BenchmarkResult r = run.result();
            double tol = Criteria.EXPECTATION_TOLERANCE;
            boolean meets = r.throughput() >= e.get().throughput() * (1 - tol)
                    && r.latency().p99().toNanos() <= e.get().p99().toNanos() * (1 + tol);
            out.add(new ExpectationCheck(run.point().name(), run.point().concurrency(), e.get().throughput(),
                    r.throughput(), e.get().p99(), r.latency().p99(), meets));
        }
        return out;
    }

    public Criteria criteria() {
        return criteria;
    }

    /** Runs planned: the matrix's points, or the runs given when assessed without a matrix. */
    public int plannedRuns() {
        return planned;
    }

    /** Runs that ended, judged or not. */
    public int ranRuns() {
        return ran;
    }

    /** Runs measured in full and long enough: those the verdicts rest on. */
    public int judgedRuns() {
        return ran - excluded.size();
    }

    /** Runs left out of the verdicts (interrupted or too short), with the reason. */
    public List<Excluded> excluded() {
        return excluded;
    }

    /** Every judged configuration, repeats taken together, in the order first run. */
    public List<Configuration> configurations() {
        return configurations;
    }

    /** The highest-throughput configuration whose P99 meets the SLO in every repeat, if any. */
    public Optional<Configuration> best() {
        return Optional.ofNullable(best);
    }

    /**
     * The other configurations that meet the SLO and whose throughput cannot be told from the best's at
     * this noise: the best is only one of them.
     */
    public List<Configuration> indistinguishableFromBest() {
        return rivals;
    }

    /** One entry per closed-loop worker count run at two or more concurrency levels. */
    public List<Saturation> saturation() {
        return saturation;
    }

    /** One entry per configuration run more than once. */
    public List<Stability> stability() {
        return stability;
    }

    /** Whether every judged configuration ran at least {@link Criteria#CONFIRMING_REPEATS} times. */
    public boolean confirmed() {
        return !configurations.isEmpty()
                && configurations.stream().allMatch(c -> c.noise().runs() >= Criteria.CONFIRMING_REPEATS);
    }

    /** Why figures may not be the target's alone: saturated host, schedule lag, overload, machine size. */
    public List<Warning> warnings() {
        return warnings;
    }

    /** Failure kinds and failing statuses over every run, judged or not, most frequent first. */
    public List<ErrorFinding> errors() {
        return errors;
    }

    /** One entry per judged run whose concurrency level the expectation table covers. */
    public List<ExpectationCheck> expectations() {
        return expectations;
    }

    /** The assessment as short lines of text, for the console and the report. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        runsLine().ifPresent(out::add);
        bestLines(out);
        for (Saturation s : saturation) {
            out.add("Saturation (" + s.workers() + " worker" + (s.workers() == 1 ? "" : "s") + "): "
                    + s.explanation());
            if (best != null && best.rate() == null && best.workers() == s.workers() && s.kneeConcurrency() != null
                    && s.kneeConcurrency() < best.concurrency() && best.throughput() > 0) {
                // past the knee, the best configuration buys little throughput with a lot of latency
                out.add(String.format(Locale.ROOT, "Knee vs best: concurrency %d gives %.0f%% of the best "
                                + "throughput at P99 %s instead of %s", s.kneeConcurrency(),
                        100 * s.throughput() / best.throughput(), format(s.p99()), format(best.p99())));
            }
        }
        if (saturation.isEmpty() && configurations.stream().anyMatch(c -> c.rate() == null)) {
            out.add("Saturation: needs two or more closed-loop concurrency levels");
        }
        confidenceLine().ifPresent(out::add);
        for (Stability s : stability) {
            out.add(String.format(Locale.ROOT, "Stability %s: %.0f req/s +/- %.0f over %d repeats, CV %.1f%% %s",
                    s.key(), s.meanThroughput(), s.stdDev(), s.repeats(), s.cv() * 100,
                    s.unstable() ? "UNSTABLE (above " + Math.round(criteria.maxThroughputCv() * 100) + "%)" : "stable"));
        }
        for (Warning w : warnings) {
            out.add("Warning: " + w.text());
        }
        if (errors.isEmpty()) {
            out.add("Errors: none");
        }
        for (ErrorFinding e : errors) {
            out.add(String.format(Locale.ROOT, "Errors %s: %d (%.2f%% of requests): %s", e.kind(), e.count(),
                    e.share() * 100, e.likelyCause()));
        }
        expectationLines(out);
        return out;
    }

    private Optional<String> runsLine() {
        if (excluded.isEmpty() && ran == planned) {
            return Optional.empty();
        }
        String judged = judgedRuns() == 0 ? "none" : Integer.toString(judgedRuns());
        StringBuilder s = new StringBuilder("Runs: ").append(judged).append(" of ").append(planned)
                .append(planned == ran ? "" : " planned").append(" run(s) measured in full");
        if (ran < planned) {
            s.append("; ").append(planned - ran).append(" did not run");
        }
        if (!excluded.isEmpty()) {
            s.append("; left out of best, saturation, stability and expectations: ").append(excluded.stream()
                    .map(e -> e.run() + " (" + e.reason() + ")").collect(Collectors.joining(", ")));
        }
        return Optional.of(s.toString());
    }

    private void bestLines(List<String> out) {
        if (configurations.isEmpty()) {
            out.add("Best configuration: none judged: every run was interrupted or too short");
            return;
        }
        if (best == null) {
            Configuration lowest = configurations.stream().filter(c -> c.succeeded() > 0)
                    .min(Comparator.comparing(Configuration::p99)).orElse(null);
            out.add("Best configuration: none met the SLO P99 <= " + format(criteria.sloP99())
                    + (lowest == null ? " (no successful responses)"
                            : "; the lowest P99 was " + format(lowest.p99()) + " at " + settings(lowest)));
            return;
        }
        out.add(String.format(Locale.ROOT, "Best configuration: %s: %.0f req/s, P99 %s (SLO P99 <= %s)",
                settings(best), best.throughput(), format(best.p99()), format(criteria.sloP99())));
        for (Configuration rival : rivals) {
            double gain = rival.throughput() / best.throughput() - 1;
            int repeats = Noise.repeatsNeeded(best.noise(), rival.noise(), gain, Math.abs(gain));
            out.add(String.format(Locale.ROOT, "Best vs %s: %s and %s are indistinguishable at this noise (%.0f vs "
                            + "%.0f req/s, %+.0f%% within +/- %.0f%%); %s", label(rival), label(rival), label(best),
                    rival.throughput(), best.throughput(), gain * 100, Criteria.CONFIDENCE_STANDARD_ERRORS
                            * Noise.gainError(best.noise(), rival.noise(), gain) * 100,
                    Noise.suggestion(repeats, best.noise(), rival.noise(), best.duration())));
        }
    }

    private Optional<String> confidenceLine() {
        List<Configuration> once = configurations.stream()
                .filter(c -> c.noise().runs() < Criteria.CONFIRMING_REPEATS).toList();
        if (once.isEmpty()) {
            return Optional.empty();
        }
        String which = once.size() == configurations.size() ? "each configuration ran once"
                : once.stream().map(Configuration::key).collect(Collectors.joining(", ")) + " ran once";
        return Optional.of("Confidence: " + which + ", so the verdicts on "
                + (once.size() == configurations.size() ? "them" : "those") + " are unconfirmed: one run cannot "
                + "show how much runs differ; run at least " + Criteria.SUGGESTED_REPEATS
                + " repeats per configuration to confirm them");
    }

    private void expectationLines(List<String> out) {
        ExpectationTable table = criteria.expectations();
        if (table == null) {
            return;
        }
        out.add("Expectations " + table.label() + ": " + table.origin() + "; runs at the levels it covers are "
                + "compared with those figures (within " + Math.round(Criteria.EXPECTATION_TOLERANCE * 100) + "%)");
        if (expectations.isEmpty()) {
            out.add("Expectations " + table.label() + ": no judged run at a level the table covers (" + table + ")");
        }
        for (ExpectationCheck c : expectations) {
            out.add(String.format(Locale.ROOT, "Expectation %s (%s): %.0f req/s vs %.0f expected, P99 %s vs %s: %s",
                    c.run(), table.label(), c.throughput(), c.expectedThroughput(), format(c.p99()),
                    format(c.expectedP99()), c.meets() ? "meets" : "BELOW expectation"));
        }
    }

    /** {@code concurrency 64, 2 workers} and the open-loop rate: every setting of a configuration. */
    private static String settings(Configuration c) {
        return "concurrency " + c.concurrency() + ", " + c.workers() + " worker" + (c.workers() == 1 ? "" : "s")
                + (c.rate() == null ? "" : String.format(Locale.ROOT, ", rate %.0f req/s", c.rate()));
    }

    /** {@code concurrency 64}, with workers and rate when the judged configurations differ in them. */
    private String label(Configuration c) {
        boolean workersVary = configurations.stream().map(Configuration::workers).distinct().count() > 1;
        boolean ratesVary = configurations.stream().map(Configuration::rate).distinct().count() > 1;
        String s = "concurrency " + c.concurrency();
        if (workersVary) {
            s += " with " + c.workers() + " workers";
        }
        if (ratesVary && c.rate() != null) {
            s += String.format(Locale.ROOT, " at %.0f req/s", c.rate());
        }
        return s;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
