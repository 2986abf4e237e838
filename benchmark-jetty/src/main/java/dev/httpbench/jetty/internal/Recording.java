package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;
import dev.httpbench.StatusCodes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The measured outcome of a run, recorded wait-free. {@link #response} and {@link #failure} are called
 * from Jetty callbacks on any thread; {@link #latencyInterval} and {@link #serviceInterval} from the
 * coordinator thread only. Memory is fixed: counters plus two HdrHistogram recorders (microseconds).
 */
final class Recording {
    private static final int STATUSES = 1000; // HTTP statuses have three digits

    private final StatusCodes success;
    private final Recorder latency = new Recorder(3);
    private final Recorder service = new Recorder(3);
    private final AtomicLongArray statuses = new AtomicLongArray(STATUSES);
    private final AtomicLongArray failures = new AtomicLongArray(FailureKind.values().length);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final LongAdder bytes = new LongAdder();

    Recording(StatusCodes success) {
        this.success = success;
    }

    /** A complete response with {@code status}; latencies in nanoseconds. */
    void response(int status, long latencyNanos, long serviceNanos, long bodyBytes) {
        statuses.incrementAndGet(Math.min(Math.max(status, 0), STATUSES - 1));
        latency.recordValue(Math.max(0, latencyNanos / 1_000));
        service.recordValue(Math.max(0, serviceNanos / 1_000));
        bytes.add(bodyBytes);
        if (success.contains(status)) {
            succeeded.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
    }

    /** A request that ended without a (complete) response. */
    void failure(FailureKind kind, long bodyBytes) {
        failures.incrementAndGet(kind.ordinal());
        bytes.add(bodyBytes);
        failed.incrementAndGet();
    }

    Histogram latencyInterval(Histogram recycle) {
        return latency.getIntervalHistogram(recycle);
    }

    Histogram serviceInterval(Histogram recycle) {
        return service.getIntervalHistogram(recycle);
    }

    long status(int status) {
        return statuses.get(status);
    }

    int statusSlots() {
        return STATUSES;
    }

    long failures(FailureKind kind) {
        return failures.get(kind.ordinal());
    }
}
