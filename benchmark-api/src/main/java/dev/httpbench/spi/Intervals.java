package dev.httpbench.spi;

import dev.httpbench.ClientSample;
import dev.httpbench.Interval;
import dev.httpbench.internal.Access;
import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/** Creates the entries of a result's timeline. Stateless and thread-safe. */
public final class Intervals {
    private Intervals() {
    }

    /**
     * @param start wall-clock start of the interval
     * @param offset start of the interval relative to the start of measurement
     * @param length the interval's length (the last one may be shorter)
     * @param succeeded successful responses completed in it
     * @param failed failed requests completed in it
     * @param latencyMicros latencies of the responses completed in it, in microseconds; copied (compressed)
     */
    public static Interval of(Instant start, Duration offset, Duration length, long succeeded, long failed,
            Histogram latencyMicros) {
        return Access.intervals().interval(start, offset, length, succeeded, failed, latencyMicros, null);
    }

    /** A copy of {@code interval} carrying the generator's {@code sample} for it (null for none). */
    public static Interval withClient(Interval interval, ClientSample sample) {
        return Access.intervals().withClient(interval, sample);
    }
}
