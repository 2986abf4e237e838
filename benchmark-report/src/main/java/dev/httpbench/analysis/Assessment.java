package dev.httpbench.analysis;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.matrix.MatrixPoint;
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

/**
 * The verdict on a set of runs: the best configuration under the P99 SLO, where the target saturates,
 * whether repeats agree, why requests failed, and how runs compare with the machine's expectations.
 * Immutable; compute one with {@link #of(List, Criteria)}.
 *
 * <p>Repeats of one configuration (same concurrency, workers and rate) are taken together: throughput
 * is their mean, P99 the highest of theirs (an SLO must hold in every repeat).
 */
public final class Assessment {
    private final Criteria criteria;
    private final List<Configuration> configurations;
    private final Configuration best;
    private final List<Saturation> saturation;
    private final List<Stability> stability;
    private final List<ErrorFinding> errors;
    private final List<ExpectationCheck> expectations;

    private Assessment(Criteria criteria, List<Configuration> configurations, List<Saturation> saturation,
            List<ErrorFinding> errors, List<ExpectationCheck> expectations) {
        this.criteria = criteria;
        this.configurations = List.copyOf(configurations);
        this.best = configurations.stream()
                .filter(c -> c.succeeded() > 0 && c.p99().compareTo(criteria.sloP99()) <= 0)
                .max(Comparator.comparingDouble(Configuration::throughput)).orElse(null);
        this.saturation = List.copyOf(saturation);
        this.stability = configurations.stream().filter(c -> c.throughputs().size() > 1)
                .map(c -> new Stability(c.key(), c.throughputs().size(), c.throughput(), c.throughputStdDev(),
                        c.throughputCv(), c.throughputCv() > criteria.maxThroughputCv()))
                .toList();
        this.errors = List.copyOf(errors);
        this.expectations = List.copyOf(expectations);
    }

    /** One configuration of the matrix, its repeats taken together. */
    public record Configuration(String key, int concurrency, int workers, Double rate, List<Double> throughputs,
            Duration p99, long sent, long succeeded, long failed) {
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
     * Where more concurrency stops adding throughput but adds latency, for one worker count (closed
     * loop).
     *
     * @param workers the worker count of this series
     * @param kneeConcurrency the saturation point, or null when not reached within the levels run
     * @param throughput mean throughput at the knee (or at the highest level when not reached)
     * @param p99 P99 at the knee (or at the highest level)
     * @param explanation one sentence saying what the figures show
     */
    public record Saturation(int workers, Integer kneeConcurrency, double throughput, Duration p99,
            String explanation) {
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

    /** Assesses {@code runs}, which may come from one matrix or be assembled by hand. */
    public static Assessment of(List<MatrixRun> runs, Criteria criteria) {
        Objects.requireNonNull(criteria, "criteria");
        Map<String, List<MatrixRun>> byKey = new LinkedHashMap<>();
        for (MatrixRun run : runs) {
            byKey.computeIfAbsent(run.point().configurationKey(), k -> new ArrayList<>()).add(run);
        }
        List<Configuration> configurations = new ArrayList<>();
        byKey.forEach((key, group) -> {
            MatrixPoint p = group.get(0).point();
            Duration p99 = group.stream().map(r -> r.result().latency().p99()).max(Comparator.naturalOrder())
                    .orElse(Duration.ZERO);
            configurations.add(new Configuration(key, p.concurrency(), p.workers(), p.rate(),
                    group.stream().map(r -> r.result().throughput()).toList(), p99,
                    group.stream().mapToLong(r -> r.result().sent()).sum(),
                    group.stream().mapToLong(r -> r.result().succeeded()).sum(),
                    group.stream().mapToLong(r -> r.result().failed()).sum()));
        });
        return new Assessment(criteria, configurations, saturation(configurations), errors(runs),
                expectations(runs, criteria.expectations()));
    }

    private static List<Saturation> saturation(List<Configuration> configurations) {
        Map<Integer, List<Configuration>> byWorkers = new TreeMap<>();
        configurations.stream().filter(c -> c.rate() == null)
                .forEach(c -> byWorkers.computeIfAbsent(c.workers(), k -> new ArrayList<>()).add(c));
        List<Saturation> out = new ArrayList<>();
        byWorkers.forEach((workers, series) -> {
            series.sort(Comparator.comparingInt(Configuration::concurrency));
            if (series.size() < 2) {
                return;
            }
            for (int i = 0; i + 1 < series.size(); i++) {
                Configuration a = series.get(i);
                Configuration b = series.get(i + 1);
                if (a.throughput() <= 0) {
                    continue;
                }
                double gain = b.throughput() / a.throughput() - 1;
                double growth = a.p99().isZero() ? 0 : (double) b.p99().toNanos() / a.p99().toNanos() - 1;
                if (gain < Criteria.SATURATION_THROUGHPUT_GAIN && growth > Criteria.SATURATION_P99_GROWTH) {
                    out.add(new Saturation(workers, a.concurrency(), a.throughput(), a.p99(), String.format(Locale.ROOT,
                            "saturates at concurrency %d (%.0f req/s, P99 %s): going to %d changed throughput by "
                                    + "%+.0f%% while P99 rose %.0f%% to %s", a.concurrency(), a.throughput(),
                            format(a.p99()), b.concurrency(), gain * 100, growth * 100, format(b.p99()))));
                    return;
                }
            }
            Configuration last = series.get(series.size() - 1);
            out.add(new Saturation(workers, null, last.throughput(), last.p99(), String.format(Locale.ROOT,
                    "not saturated up to concurrency %d (%.0f req/s, P99 %s): each step added throughput or "
                            + "kept latency; try higher levels", last.concurrency(), last.throughput(),
                    format(last.p99()))));
        });
        return out;
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

    /** What usually causes a failure kind ({@link FailureKind#id()} or {@code http_NNN}), and what to check. */
    public static String likelyCause(String kind) {
        if (kind.startsWith("http_")) {
            int status = Integer.parseInt(kind.substring(5));
            if (status == 429) {
                return "the target rate-limits the client: lower the load or raise the limit for the benchmark";
            }
            if (status == 502 || status == 503 || status == 504) {
                return "the target or a proxy in front of it is overloaded or unavailable: compare with the "
                        + "saturation point and the server's logs";
            }
            if (status >= 500) {
                return "the server failed while handling requests: check its logs; errors that grow with "
                        + "concurrency point to exhausted resources (pools, memory, file descriptors)";
            }
            return "the server rejected the request itself: check --path, --method, --header and --body";
        }
        return switch (FailureKind.fromId(kind)) {
            case CONNECT_REFUSED -> "nothing listened on the port, or the server's accept backlog overflowed: "
                    + "check that the target is up and its listen backlog (net.core.somaxconn)";
            case CONNECT_TIMEOUT -> "the server did not accept connections in time: SYN backlog full, server "
                    + "overloaded, or a firewall dropping packets";
            case REQUEST_TIMEOUT -> "responses took longer than --timeout: the server queues requests at this "
                    + "concurrency (see saturation) or the timeout is too short";
            case CONNECTION_CLOSED -> "the server closed or reset keep-alive connections: check its idle timeout, "
                    + "max requests per connection and whether it ran out of file descriptors or crashed";
            case TLS -> "the TLS handshake failed: certificate, protocol or cipher mismatch";
            case DNS -> "the target host name did not resolve: check --base-url and the resolver";
            case PROTOCOL -> "the server's answers were not valid HTTP (bad status line, headers or chunking, or "
                    + "a body longer than its Content-Length): check what listens on the port and any proxy";
            case LOCAL_RESOURCES -> "the generator ran out of file descriptors or local ports: raise 'ulimit -n' "
                    + "to more than the connections, or lower the concurrency; these requests never left";
            case CANCELLED -> "requests were still in flight when the run was stopped (Ctrl-C) or the end-of-run "
                    + "drain timed out; not a server error by itself";
            case OTHER -> "an unclassified client error: the log shows the first exception of each type";
        };
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

    /** Every configuration, repeats taken together, in the order first run. */
    public List<Configuration> configurations() {
        return configurations;
    }

    /** The highest-throughput configuration whose P99 meets the SLO in every repeat, if any. */
    public Optional<Configuration> best() {
        return Optional.ofNullable(best);
    }

    /** One entry per closed-loop worker count run at two or more concurrency levels. */
    public List<Saturation> saturation() {
        return saturation;
    }

    /** One entry per configuration run more than once. */
    public List<Stability> stability() {
        return stability;
    }

    /** Failure kinds and failing statuses, most frequent first. */
    public List<ErrorFinding> errors() {
        return errors;
    }

    /** One entry per run whose concurrency level the expectation table covers. */
    public List<ExpectationCheck> expectations() {
        return expectations;
    }

    /** The assessment as short lines of text, for the console and the report. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (best != null) {
            out.add(String.format(Locale.ROOT, "Best configuration: concurrency %d, %d workers%s: %.0f req/s, "
                            + "P99 %s (SLO P99 <= %s)", best.concurrency(), best.workers(),
                    best.rate() == null ? "" : String.format(Locale.ROOT, ", rate %.0f req/s", best.rate()),
                    best.throughput(), format(best.p99()), format(criteria.sloP99())));
        } else {
            Configuration lowest = configurations.stream().filter(c -> c.succeeded() > 0)
                    .min(Comparator.comparing(Configuration::p99)).orElse(null);
            out.add("Best configuration: none met the SLO P99 <= " + format(criteria.sloP99())
                    + (lowest == null ? " (no successful responses)"
                            : "; the lowest P99 was " + format(lowest.p99()) + " at concurrency "
                                    + lowest.concurrency() + ", " + lowest.workers() + " workers"));
        }
        for (Saturation s : saturation) {
            out.add("Saturation (" + s.workers() + " workers): " + s.explanation());
            if (best != null && best.rate() == null && best.workers() == s.workers() && s.kneeConcurrency() != null
                    && s.kneeConcurrency() < best.concurrency() && best.throughput() > 0) {
                // past the knee, the best configuration buys little throughput with a lot of latency
                out.add(String.format(Locale.ROOT, "Knee vs best: concurrency %d gives %.0f%% of the best "
                                + "throughput at P99 %s instead of %s", s.kneeConcurrency(),
                        100 * s.throughput() / best.throughput(), format(s.p99()), format(best.p99())));
            }
        }
        if (saturation.isEmpty()) {
            out.add("Saturation: needs two or more closed-loop concurrency levels");
        }
        for (Stability s : stability) {
            out.add(String.format(Locale.ROOT, "Stability %s: %.0f req/s +/- %.0f over %d repeats, CV %.1f%% %s",
                    s.key(), s.meanThroughput(), s.stdDev(), s.repeats(), s.cv() * 100,
                    s.unstable() ? "UNSTABLE (above " + Math.round(criteria.maxThroughputCv() * 100) + "%)" : "stable"));
        }
        if (errors.isEmpty()) {
            out.add("Errors: none");
        }
        for (ErrorFinding e : errors) {
            out.add(String.format(Locale.ROOT, "Errors %s: %d (%.2f%% of requests): %s", e.kind(), e.count(),
                    e.share() * 100, e.likelyCause()));
        }
        if (criteria.expectations() != null) {
            if (expectations.isEmpty()) {
                out.add("Expectations " + criteria.expectations().label() + ": no run at a level the table covers ("
                        + criteria.expectations() + ")");
            }
            for (ExpectationCheck c : expectations) {
                out.add(String.format(Locale.ROOT, "Expectation %s (%s): %.0f req/s vs %.0f expected, P99 %s vs %s: %s",
                        c.run(), criteria.expectations().label(), c.throughput(), c.expectedThroughput(),
                        format(c.p99()), format(c.expectedP99()), c.meets() ? "meets" : "BELOW expectation"));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
