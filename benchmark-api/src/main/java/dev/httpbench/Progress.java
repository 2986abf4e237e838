package dev.httpbench;

import java.time.Duration;

/**
 * A snapshot of a running benchmark, for progress lines. Immutable.
 *
 * @param phase what the run is doing now
 * @param elapsed time since measurement started (zero before)
 * @param sent measured requests issued so far
 * @param succeeded successful responses so far
 * @param failed failed requests so far
 * @param currentThroughput successful responses per second in the last completed report interval
 * @param p99 the 99th percentile latency of everything measured so far
 */
public record Progress(Phase phase, Duration elapsed, long sent, long succeeded, long failed,
        double currentThroughput, Duration p99) {

    /** The phases of a run, in order. */
    public enum Phase {
        /** Opening connections before any request. */
        CONNECTING,
        /** Sending unrecorded warm-up requests. */
        WARMUP,
        /** Sending and recording. */
        MEASURING,
        /** No more requests are issued; waiting for those in flight. */
        DRAINING,
        /** The result is available. */
        DONE
    }
}
