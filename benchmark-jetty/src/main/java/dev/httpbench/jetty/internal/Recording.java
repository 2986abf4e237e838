package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;
import dev.httpbench.StatusCodes;
import dev.httpbench.spi.Intervals;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * One worker's outcome in one {@link Phase} (the measured one is what the run reports). Thread
 * contract: a single writer, the worker's own thread (or, for
 * HTTP/2, the one thread at a time that runs the worker's connection), calls the recording methods;
 * the run's coordinator thread (and the monitor, for {@link #completed()}) reads. Nothing here is
 * shared between workers, so recording never contends.
 *
 * <p>Counters are plain longs that the writer publishes with opaque stores: a reader sees each one
 * whole and eventually current, and exactly current once the writer's thread has ended (join). The
 * histograms (microseconds) follow HdrHistogram's {@code SingleWriterRecorder} pattern, with one
 * {@link WriterReaderPhaser} for all of them so that a response costs one critical section: the
 * coordinator swaps the active set at each report tick and adds the interval into its totals.
 * Memory is fixed: counters plus two sets of histograms.
 */
final class Recording {
    static final int LATENCY = 0;
    static final int SERVICE = 1;
    static final int SEND_LAG = 2;
    static final int CONNECT = 3;
    static final int HISTOGRAMS = 4;

    static final int STATUSES = 1000; // HTTP statuses have three digits
    private static final int SENT = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int BYTES = 3;
    private static final int OPENED = 4;
    private static final int RECONNECTS = 5;
    private static final int QUEUE_OVERFLOWS = 6;
    private static final int FAILURES = 7;
    private static final int STATUS = FAILURES + FailureKind.values().length;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final StatusCodes success;
    private final long[] counters = new long[STATUS + STATUSES];
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Histogram[] active = newSet();
    private Histogram[] inactive = newSet();
    /** First message seen per failure kind (null until one is seen), for the run's error details. */
    private final String[] firstMessages = new String[FailureKind.values().length];
    /** Where the time went, recorded inside this recording's critical sections and drained with it. */
    final TimingRecording timing = new TimingRecording();

    Recording(StatusCodes success) {
        this.success = success;
    }

    private static Histogram[] newSet() {
        Histogram[] set = new Histogram[HISTOGRAMS];
        for (int i = 0; i < HISTOGRAMS; i++) {
            set[i] = new Histogram(3);
            set[i].setAutoResize(true);
        }
        return set;
    }

    // ---- the writer ----

    private void add(int counter, long delta) {
        LONGS.setOpaque(counters, counter, counters[counter] + delta);
    }

    /** A request was issued. */
    void sent() {
        add(SENT, 1);
    }

    /**
     * A complete response with {@code status}; times in nanoseconds, {@code sendLagNanos} < 0 for none;
     * its phases as {@link TimingRecording#response} takes them.
     */
    void response(int status, long latencyNanos, long serviceNanos, long sendLagNanos, long bodyBytes,
            long queueNanos, long ttfbNanos, long transferNanos) {
        add(STATUS + Math.min(Math.max(status, 0), STATUSES - 1), 1);
        add(BYTES, bodyBytes);
        add(success.contains(status) ? SUCCEEDED : FAILED, 1);
        long enter = phaser.writerCriticalSectionEnter();
        try {
            Histogram[] h = active;
            h[LATENCY].recordValue(micros(latencyNanos));
            h[SERVICE].recordValue(micros(serviceNanos));
            if (sendLagNanos >= 0) {
                h[SEND_LAG].recordValue(micros(sendLagNanos));
            }
            timing.response(queueNanos, ttfbNanos, transferNanos);
        } finally {
            phaser.writerCriticalSectionExit(enter);
        }
    }

    /**
     * A request that ended without a (complete) response; {@code sendLagNanos} < 0 when it
     * was never taken up. {@code message} (may be null) is kept when it is the first of its kind.
     */
    void failure(FailureKind kind, long bodyBytes, long sendLagNanos, String message) {
        add(FAILURES + kind.ordinal(), 1);
        add(BYTES, bodyBytes);
        add(FAILED, 1);
        if (message != null && firstMessages[kind.ordinal()] == null) {
            firstMessages[kind.ordinal()] = message; // read by the coordinator after the writer ended
        }
        if (sendLagNanos >= 0) {
            long enter = phaser.writerCriticalSectionEnter();
            try {
                active[SEND_LAG].recordValue(micros(sendLagNanos));
            } finally {
                phaser.writerCriticalSectionExit(enter);
            }
        }
    }

    /**
     * A connection was established: its TCP connect took {@code tcpNanos}, then its TLS handshake
     * {@code tlsNanos} (< 0 without TLS); {@code reconnect} when its slot had one before.
     */
    void connected(long tcpNanos, long tlsNanos, boolean reconnect) {
        add(OPENED, 1);
        if (reconnect) {
            add(RECONNECTS, 1);
        }
        long enter = phaser.writerCriticalSectionEnter();
        try {
            active[CONNECT].recordValue(micros(tcpNanos + Math.max(0, tlsNanos)));
            timing.connected(tcpNanos, tlsNanos);
        } finally {
            phaser.writerCriticalSectionExit(enter);
        }
    }

    /** An open-loop arrival found the worker's wait queue full (also counted as a failure). */
    void queueOverflow() {
        add(QUEUE_OVERFLOWS, 1);
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }

    // ---- the readers ----

    private long read(int counter) {
        return (long) LONGS.getOpaque(counters, counter);
    }

    long sentCount() {
        return read(SENT);
    }

    long succeeded() {
        return read(SUCCEEDED);
    }

    long failed() {
        return read(FAILED);
    }

    /** Requests of this recording's phase that ended, one way or another. Any thread. */
    long completed() {
        return read(SUCCEEDED) + read(FAILED);
    }

    long bytes() {
        return read(BYTES);
    }

    long connectionsOpened() {
        return read(OPENED);
    }

    long reconnects() {
        return read(RECONNECTS);
    }

    long queueOverflows() {
        return read(QUEUE_OVERFLOWS);
    }

    long status(int status) {
        return read(STATUS + status);
    }

    long failures(FailureKind kind) {
        return read(FAILURES + kind.ordinal());
    }

    // ---- per-interval snapshots of the counters ----

    /** An array for {@link #addCountsInto}. */
    static long[] newCounts() {
        return new long[STATUS + STATUSES];
    }

    /** Adds this worker's counters, as they are now, into {@code counts}. Any thread. */
    void addCountsInto(long[] counts) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += read(i);
        }
    }

    /**
     * What was recorded between two snapshots, as an interval's breakdown: sent, bytes, statuses and
     * failure kinds. Succeeded and failed are derived from the statuses and failure kinds of the same
     * snapshot, so that they add up exactly even though a writer may record between the reads.
     */
    static void addDelta(long[] now, long[] before, StatusCodes success, Intervals.Builder b) {
        b.sent(now[SENT] - before[SENT]).bytesReceived(now[BYTES] - before[BYTES]);
        long ok = 0;
        long bad = 0;
        for (int status = 0; status < STATUSES; status++) {
            long n = now[STATUS + status] - before[STATUS + status];
            if (n > 0) {
                b.status(status, n);
                if (success.contains(status)) {
                    ok += n;
                } else {
                    bad += n;
                }
            }
        }
        for (FailureKind kind : FailureKind.values()) {
            long n = now[FAILURES + kind.ordinal()] - before[FAILURES + kind.ordinal()];
            if (n > 0) {
                b.error(kind, n);
                bad += n;
            }
        }
        b.succeeded(ok).failed(bad).inFlight(Math.max(0, now[SENT] - completed(now)));
    }

    /** Measured requests ended by the snapshot {@code counts}. */
    static long completed(long[] counts) {
        return counts[SUCCEEDED] + counts[FAILED];
    }

    /** The first message recorded for {@code kind}; call after the writer's thread ended. */
    String firstMessage(FailureKind kind) {
        return firstMessages[kind.ordinal()];
    }

    /**
     * Adds what was recorded since the last call into {@code totals} (indexed like {@link #LATENCY}
     * etc.). Coordinator thread only.
     */
    synchronized void drainInto(Histogram[] totals) {
        phaser.readerLock();
        try {
            Histogram[] recorded = active;
            active = inactive;
            inactive = recorded;
            Histogram[] timed = timing.swap();
            phaser.flipPhase(); // waits until no writer still records into the set just swapped out
            timing.drain(timed);
            for (int i = 0; i < HISTOGRAMS; i++) {
                totals[i].add(recorded[i]);
                recorded[i].reset();
            }
        } finally {
            phaser.readerUnlock();
        }
    }
}
