package dev.httpbench.report.merge;

import dev.httpbench.matrix.MatrixResult;
import java.util.List;

/**
 * One test merged from its shards. Immutable.
 *
 * @param result the whole test: one run per matrix point that any shard measured, its counts the shards'
 *     sums, its histograms the shards' added together, its timeline aligned on wall-clock time; each
 *     run's warnings hold the test's warnings below and every shard's own, named by shard
 * @param shards the shards merged, by index: their own runs are the per-shard rows
 * @param count how many shards the test has, as its records say
 * @param missing the indexes of the shards that were not found, ascending
 * @param warnings what makes the merged figures less than the whole test's: missing or late shards,
 *     clocks that disagree, different worker counts
 */
public record MergedTest(MatrixResult result, List<Shard> shards, int count, List<Integer> missing,
        List<String> warnings) {
    public MergedTest {
        shards = List.copyOf(shards);
        missing = List.copyOf(missing);
        warnings = List.copyOf(warnings);
    }
}
