package dev.httpbench.cli.distributed;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.LoadModel;
import dev.httpbench.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@link #index()} of {@link #count()}: which share of a test's load one generator process runs.
 * Concurrency, the request budget, the open-loop rate and every stage's rates are split so that the shards'
 * shares add up exactly to the configured totals, a remainder going to the first shards; workers stay as
 * configured (lowered to the share's concurrency, as a matrix does). Rates are split in thousandths of a
 * request per second. Immutable.
 *
 * <p>Where a shard comes from: {@code --shard I/N} (0-based), or the index a Kubernetes Indexed Job gives
 * each pod in {@value #INDEX_ENV} with the count from {@code --shards N} or {@value #COUNT_ENV}.
 *
 * @param index this shard, from 0
 * @param count the number of shards, at least 1
 */
public record ShardPlan(int index, int count) {
    /** Set by Kubernetes for each pod of an Indexed Job: its index, from 0. */
    public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
    /** The number of shards when {@code --shards} is not given. */
    public static final String COUNT_ENV = "SHARDS";
    /** The most shards one test may have. */
    public static final int MAX_SHARDS = 1000;

    private static final Pattern SHARD = Pattern.compile("(\\d{1,4})/(\\d{1,4})");
    private static final long MILLI = 1000;

    public ShardPlan {
        if (count < 1 || count > MAX_SHARDS || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard must be I/N with 0 <= I < N <= " + MAX_SHARDS + " but was "
                    + index + "/" + count);
        }
    }

    /**
     * The shard this process runs, if it is one.
     *
     * @param shard the {@code --shard} value ({@code I/N}), or null
     * @param shards the {@code --shards} value, or null
     * @param env the environment, for {@value #INDEX_ENV} and {@value #COUNT_ENV}
     * @return empty when neither {@code --shard}, {@code --shards} nor {@value #COUNT_ENV} is given: not sharded
     * @throws InvalidConfigException naming the option or variable, the rule and the value
     */
    public static Optional<ShardPlan> resolve(String shard, String shards, Map<String, String> env) {
        String countText = shards != null ? shards : blankToNull(env.get(COUNT_ENV));
        String countName = shards != null ? "--shards" : COUNT_ENV;
        if (shard != null) {
            Matcher m = SHARD.matcher(shard.trim());
            if (!m.matches()) {
                throw problem("--shard", "must be I/N with 0 <= I < N <= " + MAX_SHARDS + ", e.g. 0/4,", shard);
            }
            int i = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            if (n < 1 || n > MAX_SHARDS || i >= n) {
                throw problem("--shard", "must be I/N with 0 <= I < N <= " + MAX_SHARDS + ", e.g. 0/4,", shard);
            }
            if (shards != null && count(shards, "--shards") != n) {
                throw problem("--shards", "must equal the N of --shard " + shard, shards);
            }
            return Optional.of(new ShardPlan(i, n));
        }
        if (countText == null) {
            return Optional.empty();
        }
        int n = count(countText, countName);
        String indexText = blankToNull(env.get(INDEX_ENV));
        if (indexText == null) {
            throw new InvalidConfigException(List.of(new Problem(countName, "needs --shard I/N or " + INDEX_ENV,
                    countText, countName + " " + countText + " needs this shard's index: give --shard I/" + n
                            + " or set " + INDEX_ENV + " (a Kubernetes Indexed Job sets it)")));
        }
        int i;
        try {
            i = Integer.parseInt(indexText.trim());
        } catch (NumberFormatException e) {
            i = -1;
        }
        if (i < 0 || i >= n) {
            throw problem(INDEX_ENV, "must be an index between 0 and " + (n - 1) + " (" + countName + " " + n + ")",
                    indexText);
        }
        return Optional.of(new ShardPlan(i, n));
    }

    /**
     * This shard's share of {@code total}: its concurrency, request budget, rate and stages; every other
     * setting as given.
     *
     * @throws InvalidConfigException when a share would be empty: fewer connections or requests than shards,
     *     or stages whose share plans no request
     */
    public BenchmarkConfig share(BenchmarkConfig total) {
        List<Problem> problems = new ArrayList<>();
        if (total.concurrency() < count) {
            problems.add(new Problem("--shards", "must be <= the concurrency", Integer.toString(count), count
                    + " shards need a concurrency of at least " + count + " (one connection each) but it was "
                    + total.concurrency()));
        }
        if (total.requests().isPresent() && total.requests().getAsLong() < count) {
            problems.add(new Problem("--shards", "must be <= the requests", Integer.toString(count), count
                    + " shards need at least " + count + " requests (one each) but the run has "
                    + total.requests().getAsLong()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        int concurrency = (int) share((long) total.concurrency());
        BenchmarkConfig.Builder b = total.toBuilder().concurrency(concurrency)
                .workers(Math.min(total.workers(), concurrency));
        if (total.requests().isPresent()) {
            b.requests(share(total.requests().getAsLong()));
        }
        LoadModel load = total.load();
        if (load instanceof LoadModel.ConstantRate c) {
            b.rate(shareRate(c.rate(), "--rate"));
        } else if (load instanceof LoadModel.Staged s) {
            List<Stage> stages = new ArrayList<>();
            for (Stage st : s.stages()) {
                stages.add(Stage.ramp(shareRate(st.fromRate(), "--stages"), shareRate(st.toRate(), "--stages"),
                        st.duration()));
            }
            b.stages(stages.toArray(Stage[]::new));
        }
        try {
            return b.build();
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(e.problems().stream().map(p -> new Problem("--shards", p.rule(),
                    Integer.toString(count), "shard " + index + "/" + count + "'s share is invalid: " + p.message()))
                    .toList());
        }
    }

    /** This shard's part of {@code total} whole units: {@code total / count}, plus one for the first {@code total % count} shards. */
    public long share(long total) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /**
     * This shard's part of a rate in requests/s, split in thousandths of a request per second.
     *
     * @param option names the option in the message when the rate has more than three decimals
     */
    public double shareRate(double total, String option) {
        double scaled = total * MILLI;
        long millis = Math.round(scaled);
        if (Math.abs(scaled - millis) > 1e-6 * Math.max(1, Math.abs(scaled))) {
            throw problem(option, "must have at most 3 decimals to be split exactly across shards", total);
        }
        return share(millis) / (double) MILLI;
    }

    /** {@code 2/4}, as {@code --shard} takes it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    private static int count(String text, String option) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_SHARDS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(option, "must be a whole number between 1 and " + MAX_SHARDS, text);
    }

    private static InvalidConfigException problem(String option, String rule, Object value) {
        return new InvalidConfigException(List.of(Problem.of(option, rule, value instanceof String s ? "'" + s + "'"
                : value)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
