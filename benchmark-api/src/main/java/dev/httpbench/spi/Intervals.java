package dev.httpbench.spi;

import dev.httpbench.ClientSample;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.internal.Access;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Creates the entries of a result's timeline. Stateless and thread-safe. */
public final class Intervals {
    private Intervals() {
    }

    /**
     * An interval with its counts and latencies only; {@link #builder} adds the rest.
     *
     * @param start wall-clock start of the interval
     * @param offset start of the interval relative to the start of measurement
     * @param length the interval's length (the last one may be shorter)
     * @param succeeded successful responses completed in it
     * @param failed failed requests completed in it
     * @param latencyMicros latencies of the responses completed in it, in microseconds; copied (compressed)
     */
    public static Interval of(Instant start, Duration offset, Duration length, long succeeded, long failed,
            Histogram latencyMicros) {
        return builder(start, offset, length).succeeded(succeeded).failed(failed).latency(latencyMicros).build();
    }

    /**
     * Starts an interval; what an engine does not set stays "not recorded" ({@link Interval#sent()} and
     * the other optional figures empty, no status or error breakdown).
     *
     * @param start wall-clock start of the interval
     * @param offset start of the interval relative to the start of measurement
     * @param length the interval's length (the last one may be shorter)
     */
    public static Builder builder(Instant start, Duration offset, Duration length) {
        return new Builder(start, offset, length);
    }

    /** A copy of {@code interval} carrying the generator's {@code sample} for it (null for none). */
    public static Interval withClient(Interval interval, ClientSample sample) {
        return Access.intervals().withClient(interval, sample);
    }

    /**
     * Assembles one {@link Interval}; every figure counts what happened during the interval, except
     * {@link #inFlight(long)}, a gauge at its end. {@link #build()} checks that a status and error
     * breakdown, when given, adds up to {@code succeeded + failed}. Each setter has a getter of the same
     * name. Not thread-safe.
     */
    public static final class Builder {
        private final Instant start;
        private final Duration offset;
        private final Duration length;
        private long succeeded;
        private long failed;
        private Histogram latency;
        private Histogram serviceTime;
        private Histogram sendLag;
        private long sent = -1;
        private final SortedMap<Integer, Long> statusCounts = new TreeMap<>();
        private final Map<FailureKind, Long> errors = new EnumMap<>(FailureKind.class);
        private long bytesReceived = -1;
        private long inFlight = -1;
        private ClientSample client;

        private Builder(Instant start, Duration offset, Duration length) {
            this.start = Objects.requireNonNull(start, "start");
            this.offset = Objects.requireNonNull(offset, "offset");
            this.length = Objects.requireNonNull(length, "length");
        }

        /** Successful responses completed in the interval. */
        public Builder succeeded(long n) {
            this.succeeded = n;
            return this;
        }

        /** Failed requests completed in the interval: failing statuses and requests without a response. */
        public Builder failed(long n) {
            this.failed = n;
            return this;
        }

        /** Latencies of the responses completed in it, microseconds; copied (compressed). Default none. */
        public Builder latency(Histogram micros) {
            this.latency = micros;
            return this;
        }

        /** Service times of those responses (from the actual write), microseconds; copied. Default not recorded. */
        public Builder serviceTime(Histogram micros) {
            this.serviceTime = micros;
            return this;
        }

        /** Send lags of the requests written in it, microseconds; copied. Default not recorded. */
        public Builder sendLag(Histogram micros) {
            this.sendLag = micros;
            return this;
        }

        /** Requests issued in the interval (>= 0). Default not recorded. */
        public Builder sent(long n) {
            this.sent = n;
            return this;
        }

        /** Adds {@code count} responses with {@code status} completed in the interval. */
        public Builder status(int status, long count) {
            if (count > 0) {
                statusCounts.merge(status, count, Long::sum);
            }
            return this;
        }

        /** Adds {@code count} requests that ended without a response in the interval. */
        public Builder error(FailureKind kind, long count) {
            if (count > 0) {
                errors.merge(kind, count, Long::sum);
            }
            return this;
        }

        /** Response body bytes received in the interval (>= 0). Default not recorded. */
        public Builder bytesReceived(long bytes) {
            this.bytesReceived = bytes;
            return this;
        }

        /** Requests in flight at the interval's end, warm-up leftovers included (>= 0). Default not recorded. */
        public Builder inFlight(long n) {
            this.inFlight = n;
            return this;
        }

        /** The generator's own sample for the interval. Default none. */
        public Builder client(ClientSample sample) {
            this.client = sample;
            return this;
        }

        /**
         * @throws IllegalStateException when a status and error breakdown was given and does not add up
         *     to {@code succeeded + failed}
         */
        public Interval build() {
            long broken = statusCounts.values().stream().mapToLong(Long::longValue).sum()
                    + errors.values().stream().mapToLong(Long::longValue).sum();
            if (broken > 0 && broken != succeeded + failed) {
                throw new IllegalStateException("an interval's statuses and errors (" + broken + ") must add up to "
                        + "succeeded + failed (" + (succeeded + failed) + ")");
            }
            return Access.intervals().build(this);
        }

        public Instant start() {
            return start;
        }

        public Duration offset() {
            return offset;
        }

        public Duration length() {
            return length;
        }

        public long succeeded() {
            return succeeded;
        }

        public long failed() {
            return failed;
        }

        /** The latency histogram given, or null. */
        public Histogram latency() {
            return latency;
        }

        /** The service-time histogram given, or null. */
        public Histogram serviceTime() {
            return serviceTime;
        }

        /** The send-lag histogram given, or null. */
        public Histogram sendLag() {
            return sendLag;
        }

        /** -1 when not recorded. */
        public long sent() {
            return sent;
        }

        public SortedMap<Integer, Long> statusCounts() {
            return Collections.unmodifiableSortedMap(statusCounts);
        }

        public Map<FailureKind, Long> errors() {
            return Collections.unmodifiableMap(errors);
        }

        /** -1 when not recorded. */
        public long bytesReceived() {
            return bytesReceived;
        }

        /** -1 when not recorded. */
        public long inFlight() {
            return inFlight;
        }

        public ClientSample client() {
            return client;
        }
    }
}
