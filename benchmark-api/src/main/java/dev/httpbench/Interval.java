package dev.httpbench;

import dev.httpbench.internal.Access;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One entry of a result's timeline: what completed during one report interval. The interval's full
 * latency histogram is kept compressed (a few KB), so a long run's timeline stays small. When the
 * engine monitored itself, the interval also carries the {@link ClientSample} that describes it: the
 * last one whose sampling window has its midpoint in the interval. Immutable; engines create
 * intervals with {@link dev.httpbench.spi.Intervals}.
 */
public final class Interval {
    static {
        Access.install(new Access.Intervals() {
            @Override
            public Interval interval(Instant start, Duration offset, Duration length, long succeeded, long failed,
                    Histogram latencyMicros, ClientSample client) {
                return new Interval(start, offset, length, succeeded, failed, latencyMicros, client);
            }

            @Override
            public Interval withClient(Interval interval, ClientSample client) {
                return new Interval(interval, client);
            }
        });
    }

    private final Instant start;
    private final Duration offset;
    private final Duration length;
    private final long succeeded;
    private final long failed;
    private final long count;
    private final Duration p50;
    private final Duration p90;
    private final Duration p99;
    private final Duration max;
    private final byte[] compressed;
    private final ClientSample client;

    private Interval(Instant start, Duration offset, Duration length, long succeeded, long failed,
            Histogram latencyMicros, ClientSample client) {
        this.client = client;
        this.start = start;
        this.offset = offset;
        this.length = length;
        this.succeeded = succeeded;
        this.failed = failed;
        LatencyDistribution d = LatencyDistribution.of(latencyMicros);
        this.count = d.count();
        this.p50 = d.p50();
        this.p90 = d.p90();
        this.p99 = d.p99();
        this.max = d.max();
        ByteBuffer buffer = ByteBuffer.allocate(latencyMicros.getNeededByteBufferCapacity());
        int size = latencyMicros.encodeIntoCompressedByteBuffer(buffer);
        this.compressed = new byte[size];
        buffer.flip();
        buffer.get(compressed);
    }

    /** Wall-clock start. */
    public Instant start() {
        return start;
    }

    /** Start relative to the start of measurement. */
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

    /** Successful responses per second in this interval. */
    public double throughput() {
        double seconds = length.toNanos() / 1e9;
        return seconds > 0 ? succeeded / seconds : 0;
    }

    /** Number of latencies recorded in this interval. */
    public long latencyCount() {
        return count;
    }

    public Duration p50() {
        return p50;
    }

    public Duration p90() {
        return p90;
    }

    public Duration p99() {
        return p99;
    }

    public Duration max() {
        return max;
    }

    /** The sample of the generator's own cost that describes this interval, if one was taken. */
    public Optional<ClientSample> client() {
        return Optional.ofNullable(client);
    }

    private Interval(Interval other, ClientSample client) {
        this.start = other.start;
        this.offset = other.offset;
        this.length = other.length;
        this.succeeded = other.succeeded;
        this.failed = other.failed;
        this.count = other.count;
        this.p50 = other.p50;
        this.p90 = other.p90;
        this.p99 = other.p99;
        this.max = other.max;
        this.compressed = other.compressed; // never modified, so sharing it is safe
        this.client = client;
    }

    /** The interval's latency distribution, decoded anew on each call. */
    public LatencyDistribution latency() {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
            h.setStartTimeStamp(start.toEpochMilli());
            h.setEndTimeStamp(start.plus(length).toEpochMilli());
            return LatencyDistribution.of(h);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt interval histogram", e);
        }
    }

    @Override
    public String toString() {
        return "Interval[+" + offset.toMillis() + "ms, ok=" + succeeded + ", failed=" + failed
                + ", p99=" + p99.toNanos() / 1e6 + "ms]";
    }
}
