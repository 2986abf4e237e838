package dev.httpbench.matrix;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the points of a {@link Matrix} one after another. Thread contract: {@link #run()} is called
 * once, on a thread of the caller's choosing, and blocks until the matrix ends; {@link #stop()} may be
 * called from any thread (e.g. a shutdown hook) and makes {@link #run()} return soon with what was
 * measured. The {@link Listener} is called on the thread that called {@link #run()}.
 */
public final class MatrixRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixRunner.class);

    /**
     * Told about each run as it starts and ends. Called on the thread running the matrix; an exception
     * thrown here is logged and ignored.
     */
    public interface Listener {
        /** A run started; {@code run} may be polled for {@link BenchmarkRun#progress()} from any thread. */
        default void started(MatrixPoint point, BenchmarkRun run) {
        }

        /** A run ended. */
        default void finished(MatrixRun run) {
        }
    }

    private final Matrix matrix;
    private final Listener listener;
    private final Function<MatrixPoint, BenchmarkConfig> configOf;
    private volatile boolean stopped;
    private volatile BenchmarkRun current;

    public MatrixRunner(Matrix matrix) {
        this(matrix, new Listener() { });
    }

    public MatrixRunner(Matrix matrix, Listener listener) {
        this(matrix, listener, MatrixPoint::config);
    }

    /**
     * Runs each point with the configuration {@code configOf} gives for it, called on the matrix's thread
     * just before the point starts: e.g. one shard's share of the point's load. The results keep the
     * point; their config is what ran.
     */
    public MatrixRunner(Matrix matrix, Listener listener, Function<MatrixPoint, BenchmarkConfig> configOf) {
        this.matrix = matrix;
        this.listener = listener;
        this.configOf = configOf;
    }

    /** Runs every point in order, or until {@link #stop()}; the result holds every run that ended. */
    public MatrixResult run() {
        Instant startedAt = Instant.now();
        List<MatrixRun> runs = new ArrayList<>();
        for (MatrixPoint point : matrix.points()) {
            if (stopped) {
                break;
            }
            BenchmarkRun run = Benchmark.start(configOf.apply(point));
            current = run;
            if (stopped) { // stop() may have missed this run
                run.stop();
            }
            notify(() -> listener.started(point, run));
            BenchmarkResult result = await(run);
            current = null;
            MatrixRun done = new MatrixRun(point, result);
            runs.add(done);
            notify(() -> listener.finished(done));
            if (result.interrupted()) {
                stopped = true;
            }
        }
        return new MatrixResult(matrix, startedAt, runs, stopped || runs.size() < matrix.points().size());
    }

    /** Stops the run in progress (its result is kept, marked interrupted) and skips the rest. Idempotent. */
    public void stop() {
        stopped = true;
        BenchmarkRun run = current;
        if (run != null) {
            run.stop();
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopped;
    }

    private static BenchmarkResult await(BenchmarkRun run) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return run.result().get();
                } catch (InterruptedException e) {
                    // keep waiting for the partial result, but stop the run and restore the flag
                    interrupted = true;
                    run.stop();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof RuntimeException re ? re
                            : new IllegalStateException("benchmark run failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("matrix listener failed; ignored", e);
        }
    }
}
