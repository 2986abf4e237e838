package dev.httpbench.matrix;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.InvalidConfigException.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A test matrix: the cross product of concurrency levels, worker counts, open-loop rates (when
 * given) and repeats, each point run as its own benchmark with its own warm-up. Immutable and
 * thread-safe; build one with {@link #builder(BenchmarkConfig)}.
 *
 * <pre>{@code
 * Matrix matrix = Matrix.builder(Benchmark.target(url).duration(Duration.ofSeconds(10)).build())
 *         .concurrencyLevels(64, 128, 256)
 *         .workerCounts(8)
 *         .repeats(3)
 *         .build();
 * MatrixResult result = new MatrixRunner(matrix).run();
 * }</pre>
 *
 * <p>A worker count above a concurrency level is lowered to that level (a worker without a request
 * in flight would only cost a thread); points that become identical are run once.
 */
public final class Matrix {
    private final BenchmarkConfig base;
    private final List<Integer> concurrencyLevels;
    private final List<Integer> workerCounts;
    private final List<Double> rates;
    private final int repeats;
    private final List<MatrixPoint> points;

    private Matrix(Builder b) {
        this.base = b.base;
        this.concurrencyLevels = List.copyOf(b.concurrencyLevels);
        this.workerCounts = List.copyOf(b.workerCounts);
        this.rates = List.copyOf(b.rates);
        this.repeats = b.repeats;
        this.points = expand();
    }

    /** Starts a matrix whose every point is a variant of {@code base} (target, method, duration, ...). */
    public static Builder builder(BenchmarkConfig base) {
        return new Builder(base);
    }

    /** The configuration every point is derived from. */
    public BenchmarkConfig base() {
        return base;
    }

    /** Concurrency levels in the order given. */
    public List<Integer> concurrencyLevels() {
        return concurrencyLevels;
    }

    /** Worker counts in the order given. */
    public List<Integer> workerCounts() {
        return workerCounts;
    }

    /** Open-loop rates in requests/s; empty for closed loop. */
    public List<Double> rates() {
        return rates;
    }

    /** How many times each configuration is run. */
    public int repeats() {
        return repeats;
    }

    /**
     * Every run in order: for each rate (or closed loop), each worker count, each concurrency level,
     * the repeats one after another.
     */
    public List<MatrixPoint> points() {
        return points;
    }

    private List<MatrixPoint> expand() {
        List<Double> rateAxis = rates.isEmpty() ? java.util.Collections.singletonList(null) : rates;
        Set<String> seen = new LinkedHashSet<>();
        List<MatrixPoint> out = new ArrayList<>();
        for (Double rate : rateAxis) {
            for (int workers : workerCounts) {
                for (int concurrency : concurrencyLevels) {
                    int w = Math.min(workers, concurrency);
                    if (!seen.add(rate + "/" + w + "/" + concurrency)) {
                        continue;
                    }
                    BenchmarkConfig.Builder cb = base.toBuilder().concurrency(concurrency).workers(w);
                    if (rate != null) {
                        cb.rate(rate);
                    }
                    BenchmarkConfig config = cb.build();
                    for (int r = 1; r <= repeats; r++) {
                        out.add(new MatrixPoint(out.size(), config, r));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Builds a {@link Matrix}; {@link #build()} reports every problem at once, each naming the option,
     * the rule and the value. Not thread-safe.
     */
    public static final class Builder {
        private final BenchmarkConfig base;
        private final List<Problem> problems = new ArrayList<>();
        private List<Integer> concurrencyLevels;
        private List<Integer> workerCounts;
        private List<Double> rates = List.of();
        private int repeats = 1;

        private Builder(BenchmarkConfig base) {
            this.base = Objects.requireNonNull(base, "base");
            this.concurrencyLevels = List.of(base.concurrency());
            this.workerCounts = List.of(base.workers());
        }

        /** Concurrency levels (each 1–100000); default the base configuration's. */
        public Builder concurrencyLevels(int... levels) {
            return concurrencyLevels(java.util.Arrays.stream(levels).boxed().toList());
        }

        /** Concurrency levels (each 1–100000); default the base configuration's. */
        public Builder concurrencyLevels(List<Integer> levels) {
            this.concurrencyLevels = levels;
            return this;
        }

        /** Worker counts (each >= 1); default the base configuration's. */
        public Builder workerCounts(int... counts) {
            return workerCounts(java.util.Arrays.stream(counts).boxed().toList());
        }

        /** Worker counts (each >= 1); default the base configuration's. */
        public Builder workerCounts(List<Integer> counts) {
            this.workerCounts = counts;
            return this;
        }

        /** Open-loop rates in requests/s (each > 0); empty (the default) runs closed loop. */
        public Builder rates(List<Double> rates) {
            this.rates = rates;
            return this;
        }

        /** How many times each configuration runs (1–1000); default 1. */
        public Builder repeats(int repeats) {
            this.repeats = repeats;
            return this;
        }

        /**
         * @throws InvalidConfigException listing every problem
         */
        public Matrix build() {
            problems.clear();
            if (concurrencyLevels == null || concurrencyLevels.isEmpty()
                    || concurrencyLevels.stream().anyMatch(c -> c == null || c < 1 || c > 100_000)) {
                problems.add(new Problem("concurrencyLevels", "must be a non-empty list of integers between 1 and "
                        + "100000", String.valueOf(concurrencyLevels), "concurrency levels must be a non-empty list of "
                        + "integers between 1 and 100000 but was " + concurrencyLevels));
            }
            if (workerCounts == null || workerCounts.isEmpty()
                    || workerCounts.stream().anyMatch(w -> w == null || w < 1)) {
                problems.add(new Problem("workerCounts", "must be a non-empty list of integers >= 1",
                        String.valueOf(workerCounts), "worker counts must be a non-empty list of integers >= 1 but was "
                        + workerCounts));
            }
            if (rates == null || rates.stream().anyMatch(r -> r == null || !(r > 0) || !Double.isFinite(r))) {
                problems.add(Problem.of("rates", "must be a list of numbers > 0 requests/s", rates));
            }
            if (repeats < 1 || repeats > 1000) {
                problems.add(Problem.of("repeats", "must be between 1 and 1000", repeats));
            }
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            return new Matrix(this);
        }
    }
}
