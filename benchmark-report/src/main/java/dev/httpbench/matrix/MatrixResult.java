package dev.httpbench.matrix;

import java.time.Instant;
import java.util.List;

/**
 * What a matrix measured: one {@link MatrixRun} per point that ran, in order. Immutable.
 *
 * @param matrix the matrix that was run
 * @param startedAt wall-clock time the first run began
 * @param runs the runs that ended, the last possibly {@linkplain dev.httpbench.BenchmarkResult#interrupted() interrupted}
 * @param interrupted whether the matrix was stopped before every point ran
 */
public record MatrixResult(Matrix matrix, Instant startedAt, List<MatrixRun> runs, boolean interrupted) {
    public MatrixResult {
        runs = List.copyOf(runs);
    }
}
