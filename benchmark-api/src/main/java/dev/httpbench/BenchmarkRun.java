package dev.httpbench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A benchmark that has been started. Thread-safe: any thread may call any method.
 * Closing the run stops it (if still running) and waits for its resources to be released.
 */
public interface BenchmarkRun extends AutoCloseable {

    /** The configuration being run. */
    BenchmarkConfig config();

    /** A snapshot of the run's progress; cheap, safe to poll. */
    Progress progress();

    /**
     * Stops the run early: no more requests are issued, requests in flight are aborted and counted as
     * {@link FailureKind#CANCELLED}, and the result is marked {@link BenchmarkResult#interrupted()}.
     * Returns at once; the result arrives through {@link #result()}. Idempotent.
     */
    void stop();

    /**
     * Completes with the result once the run has ended and every client, thread and connection of the
     * run has been released; completes exceptionally if the engine failed.
     */
    CompletableFuture<BenchmarkResult> result();

    /** Waits for the result. */
    default BenchmarkResult await() throws InterruptedException {
        try {
            return result().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Waits at most {@code timeout} for the result. */
    default BenchmarkResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return result().get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Stops the run if it is still going and waits until its resources are released. */
    @Override
    default void close() throws InterruptedException {
        stop();
        try {
            result().get();
        } catch (java.util.concurrent.ExecutionException ignored) {
            // the failure was delivered through result()
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("benchmark failed: " + cause, cause);
    }
}
