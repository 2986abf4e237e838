package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import java.util.List;

/**
 * One worker: the share of a run's connections, arrivals, timeouts and recording that one event loop
 * owns. Thread contract: the coordinator calls {@link #start()}, {@link #wakeup()}, {@link #join(long)}
 * and reads the volatile phase flags at any time, the recording's counters at each report tick, and
 * the plain result fields only after {@link #join(long)} returned true. Everything else belongs to the
 * worker's own thread(s).
 */
abstract class Worker {
    final BenchmarkConfig config;
    final RunControl control;
    final int index;
    /** Connections (HTTP/1.1) or streams (HTTP/2) this worker keeps: its exact share of the concurrency. */
    final int slots;
    final Recording recording;
    /** Measured requests this worker may issue: its share of the run's budget. */
    long budget;

    /** Preconnect finished (connections open, or given up on). */
    volatile boolean connected;
    /** This worker issues no more requests. */
    volatile boolean issuingDone;
    /** Issuing is done and nothing this worker issued is still in flight. */
    volatile boolean drained;
    /** A fatal error ended the worker; the run fails with it. */
    volatile Throwable failure;

    // ---- written by the worker, read by the coordinator after join ----
    /** When the last measured request ended with a response or a failure (not a cancellation); 0 for none. */
    long lastCompletionNanos;
    /** Open loop: the largest and the last send lag of a measured arrival, and the last one's intended time. */
    long maxLagNanos;
    long lastLagNanos;
    long lastMeasuredIntendedNanos;

    Worker(BenchmarkConfig config, RunControl control, int index, int workers) {
        this.config = config;
        this.control = control;
        this.index = index;
        int c = config.concurrency();
        this.slots = c / workers + (index < c % workers ? 1 : 0);
        this.recording = new Recording(config.successStatuses());
        long requests = config.requests().orElse(-1);
        this.budget = requests < 0 ? Long.MAX_VALUE : requests / workers + (index < requests % workers ? 1 : 0);
    }

    /** Starts the worker's thread(s); they open the connections at once. */
    abstract void start();

    /** Makes the worker look at {@link RunControl} now rather than at its next timer. Any thread. */
    abstract void wakeup();

    /** Waits up to {@code millis} for the worker's threads to end; true when they did. */
    abstract boolean join(long millis) throws InterruptedException;

    /** The threads that do this worker's work, for its busy figure. */
    abstract List<Thread> threads();

    /** The time {@code measureStart} plus the run's duration: no request is issued at or after it. */
    final long deadline(long measureStart) {
        return measureStart == Long.MAX_VALUE ? Long.MAX_VALUE
                : config.duration().map(d -> measureStart + d.toNanos()).orElse(Long.MAX_VALUE);
    }

    final void publishIssuingDone() {
        if (!issuingDone) {
            issuingDone = true;
            control.nudgeCoordinator();
        }
    }

    final void publishDrained() {
        if (!drained) {
            drained = true;
            control.nudgeCoordinator();
        }
    }
}
