package dev.httpbench.jetty.internal;

import dev.httpbench.spi.ArrivalSchedule;

/**
 * One phase of a worker's run, warm-up or measurement, as data: where the requests issued in it are
 * recorded, how many it may issue and until when, and (open loop) its arrival schedule. The worker's
 * per-request code reads the phase a request belongs to instead of branching on "measured?", so the
 * code the JIT compiled during the warm-up is exactly the code measurement runs: a branch first taken
 * when measurement starts made C2 deoptimize and recompile the request paths on the generator's core
 * then (100-200 ms of compiling in the first second of measurement, all of it send lag).
 *
 * <p>Not thread-safe: the worker's thread writes the fields; the coordinator reads the measured
 * phase's plain fields only after the worker ended (join), and its {@link #recording} as that says.
 */
final class Phase {
    final Recording recording;
    /** A workload's outcome per endpoint and instance; null for a single request (in every phase). */
    final PartRecording parts;
    /** Open loop: the arrivals of this phase from its start; null for closed loop. */
    final ArrivalSchedule schedule;
    /** Requests this phase may still issue. */
    long budget = Long.MAX_VALUE;
    /** No request is issued at or after this time ({@link System#nanoTime()} scale). */
    long deadline = Long.MAX_VALUE;

    /** When the last request of this phase ended with a response or a failure (not a cancellation); 0 for none. */
    long lastCompletionNanos;
    /** Open loop: the largest and the last schedule lag of an arrival, and the last one's intended time. */
    long maxLagNanos;
    long lastLagNanos;
    long lastIntendedNanos;

    Phase(Recording recording, PartRecording parts, ArrivalSchedule schedule) {
        this.recording = recording;
        this.parts = parts;
        this.schedule = schedule;
    }
}
