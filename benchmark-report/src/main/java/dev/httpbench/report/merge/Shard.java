package dev.httpbench.report.merge;

import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixRun;
import java.time.Instant;
import java.util.List;

/**
 * One shard's output read back: who it was, the whole test's matrix, and its runs. Each run's
 * {@link MatrixRun#point() point} is the whole test's point (its total concurrency and rate); its
 * {@link MatrixRun#result() result} is what this shard measured with its share, and its config is that
 * share. Immutable.
 *
 * @param source where it was read from: a folder, or a log file and the record's place in it
 * @param info the shard's identity, host, lateness and clock
 * @param matrix the whole test's matrix, as every shard was given it
 * @param startedAt when the shard's first run began
 * @param runs the runs it measured, in matrix order; fewer than the matrix's points when it was stopped
 */
public record Shard(String source, ShardInfo info, Matrix matrix, Instant startedAt, List<MatrixRun> runs) {
    public Shard {
        runs = List.copyOf(runs);
    }
}
