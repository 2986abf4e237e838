package dev.httpbench.matrix;

import dev.httpbench.BenchmarkResult;

/**
 * One finished run of a matrix: where it sat in the matrix and what it measured. Immutable.
 *
 * @param point the matrix point that was run
 * @param result what it measured
 */
public record MatrixRun(MatrixPoint point, BenchmarkResult result) {
}
