package dev.httpbench.jetty.internal;

import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;
import dev.httpbench.spi.Histograms;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One worker's histograms of where each request's time went (microseconds): waiting for a connection,
 * TCP connect, TLS handshake, time to first byte, body transfer. Thread contract: it is part of its
 * worker's {@link Recording} and follows it: the writer records only inside one of the recording's
 * writer critical sections, so a response still costs one; the coordinator swaps the active set inside
 * the recording's reader lock ({@link #swap()}) and adds what was swapped out, after the phase flip,
 * into this worker's totals ({@link #drain}). {@link #merge} reads the totals after the last drain.
 * Memory is fixed: three sets of five histograms.
 */
final class TimingRecording {
    static final int QUEUE = 0;
    static final int CONNECT = 1;
    static final int TLS = 2;
    static final int TTFB = 3;
    static final int TRANSFER = 4;
    private static final int PHASES = 5;

    private volatile Histogram[] active = newSet();
    private Histogram[] inactive = newSet();
    /** Everything drained so far; coordinator thread only. */
    private final Histogram[] totals = newSet();

    private static Histogram[] newSet() {
        Histogram[] set = new Histogram[PHASES];
        for (int i = 0; i < PHASES; i++) {
            set[i] = Histograms.newHistogram();
        }
        return set;
    }

    // ---- the writer, inside a critical section of the owning recording ----

    /** A complete response's phases in nanoseconds; a negative phase was not measured (no queue in closed loop). */
    void response(long queueNanos, long ttfbNanos, long transferNanos) {
        Histogram[] h = active;
        if (queueNanos >= 0) {
            h[QUEUE].recordValue(queueNanos / 1_000);
        }
        if (ttfbNanos >= 0) {
            h[TTFB].recordValue(ttfbNanos / 1_000);
        }
        if (transferNanos >= 0) {
            h[TRANSFER].recordValue(transferNanos / 1_000);
        }
    }

    /** A connection was established: its TCP connect, and its TLS handshake ({@code tlsNanos} < 0 for none). */
    void connected(long tcpNanos, long tlsNanos) {
        Histogram[] h = active;
        h[CONNECT].recordValue(Math.max(0, tcpNanos) / 1_000);
        if (tlsNanos >= 0) {
            h[TLS].recordValue(tlsNanos / 1_000);
        }
    }

    // ---- the coordinator ----

    /** Swaps the active set for the idle one and returns the set swapped out; inside the recording's reader lock. */
    Histogram[] swap() {
        Histogram[] recorded = active;
        active = inactive;
        inactive = recorded;
        return recorded;
    }

    /** Adds {@code recorded}, the set {@link #swap()} returned, into the totals once no writer records into it. */
    void drain(Histogram[] recorded) {
        for (int i = 0; i < PHASES; i++) {
            totals[i].add(recorded[i]);
            recorded[i].reset();
        }
    }

    /** The workers' totals added up exactly; after their last drain. */
    static Timing merge(List<TimingRecording> recordings) {
        Histogram[] sum = newSet();
        for (TimingRecording r : recordings) {
            for (int i = 0; i < PHASES; i++) {
                sum[i].add(r.totals[i]);
            }
        }
        return Timing.builder()
                .queue(LatencyDistribution.of(sum[QUEUE]))
                .connect(LatencyDistribution.of(sum[CONNECT]))
                .tls(LatencyDistribution.of(sum[TLS]))
                .ttfb(LatencyDistribution.of(sum[TTFB]))
                .transfer(LatencyDistribution.of(sum[TRANSFER]))
                .build();
    }
}
