package dev.httpbench;

import dev.httpbench.internal.Access;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One entry of a result's timeline: what happened during one report interval. The interval's latency
 * histograms are kept compressed (a few KB), so a long run's timeline stays small. When the engine
 * monitored itself, the interval also carries the {@link ClientSample} that describes it: the last one
 * whose sampling window has its midpoint in the interval. Figures an engine did not record are empty
 * ({@link #sent()}, {@link #bytesReceived()}, {@link #inFlight()}, {@link #serviceTime()},
 * {@link #sendLag()}) or, for the status and error breakdown, empty maps. Immutable; engines create
 * intervals with {@link dev.httpbench.spi.Intervals}.
 */
public final class Interval {
    static {
        Access.install(new Access.Intervals() {
            @Override
            public Interval build(Intervals.Builder builder) {
                return new Interval(builder);
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
    private final byte[] serviceCompressed;
    private final byte[] sendLagCompressed;
    private final long sent;
    private final SortedMap<Integer, Long> statusCounts;
    private final Map<FailureKind, Long> errors;
    private final long bytesReceived;
    private final long inFlight;
    private final ClientSample client;

    private Interval(Intervals.Builder b) {
        this.start = b.start();
        this.offset = b.offset();
        this.length = b.length();
        this.succeeded = b.succeeded();
        this.failed = b.failed();
        Histogram latencyMicros = b.latency() != null ? b.latency() : Histograms.newHistogram();
        LatencyDistribution d = LatencyDistribution.of(latencyMicros);
        this.count = d.count();
        this.p50 = d.p50();
        this.p90 = d.p90();
        this.p99 = d.p99();
        this.max = d.max();
        this.compressed = compress(latencyMicros);
        this.serviceCompressed = b.serviceTime() == null ? null : compress(b.serviceTime());
        this.sendLagCompressed = b.sendLag() == null ? null : compress(b.sendLag());
        this.sent = b.sent();
        this.statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(b.statusCounts()));
        EnumMap<FailureKind, Long> e = new EnumMap<>(FailureKind.class);
        e.putAll(b.errors());
        this.errors = Collections.unmodifiableMap(e);
        this.bytesReceived = b.bytesReceived();
        this.inFlight = b.inFlight();
        this.client = b.client();
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
        // the compressed histograms are never modified, so sharing them is safe
        this.compressed = other.compressed;
        this.serviceCompressed = other.serviceCompressed;
        this.sendLagCompressed = other.sendLagCompressed;
        this.sent = other.sent;
        this.statusCounts = other.statusCounts;
        this.errors = other.errors;
        this.bytesReceived = other.bytesReceived;
        this.inFlight = other.inFlight;
        this.client = client;
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

    /** Successful responses completed in this interval. */
    public long succeeded() {
        return succeeded;
    }

    /** Failed requests completed in this interval: failing statuses and requests without a response. */
    public long failed() {
        return failed;
    }

    /** Successful responses per second in this interval. */
    public double throughput() {
        return perSecond(succeeded);
    }

    /** Requests issued in this interval, when the engine recorded it. */
    public OptionalLong sent() {
        return sent < 0 ? OptionalLong.empty() : OptionalLong.of(sent);
    }

    /**
     * Responses completed in this interval by HTTP status, success and error statuses alike; empty when
     * the engine did not break the interval down. When not empty, these and {@link #errors()} add up to
     * {@code succeeded() + failed()}.
     */
    public SortedMap<Integer, Long> statusCounts() {
        return statusCounts;
    }

    /** Requests that ended without a response in this interval, by kind; see {@link #statusCounts()}. */
    public Map<FailureKind, Long> errors() {
        return errors;
    }

    /** Whether the engine broke this interval's completions down by status and error kind. */
    public boolean brokenDown() {
        return !statusCounts.isEmpty() || !errors.isEmpty() || succeeded + failed == 0;
    }

    /** Response body bytes received in this interval, when the engine recorded it. */
    public OptionalLong bytesReceived() {
        return bytesReceived < 0 ? OptionalLong.empty() : OptionalLong.of(bytesReceived);
    }

    /** Requests in flight at the end of this interval, when the engine recorded it. */
    public OptionalLong inFlight() {
        return inFlight < 0 ? OptionalLong.empty() : OptionalLong.of(inFlight);
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

    /** The interval's latency distribution, decoded anew on each call. */
    public LatencyDistribution latency() {
        return decode(compressed);
    }

    /**
     * The service times (from the moment each request was written) of the responses completed in this
     * interval, decoded anew on each call; empty when the engine did not record them per interval.
     */
    public Optional<LatencyDistribution> serviceTime() {
        return serviceCompressed == null ? Optional.empty() : Optional.of(decode(serviceCompressed));
    }

    /**
     * How late the requests written in this interval went out compared with when they were due (the
     * generator's own delay), decoded anew on each call; empty when not recorded per interval.
     */
    public Optional<LatencyDistribution> sendLag() {
        return sendLagCompressed == null ? Optional.empty() : Optional.of(decode(sendLagCompressed));
    }

    @Override
    public String toString() {
        return "Interval[+" + offset.toMillis() + "ms, ok=" + succeeded + ", failed=" + failed
                + ", p99=" + p99.toNanos() / 1e6 + "ms]";
    }

    private double perSecond(long n) {
        double seconds = length.toNanos() / 1e9;
        return seconds > 0 ? n / seconds : 0;
    }

    private static byte[] compress(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int size = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] out = new byte[size];
        buffer.flip();
        buffer.get(out);
        return out;
    }

    private LatencyDistribution decode(byte[] bytes) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            h.setStartTimeStamp(start.toEpochMilli());
            h.setEndTimeStamp(start.plus(length).toEpochMilli());
            return LatencyDistribution.of(h);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt interval histogram", e);
        }
    }
}
