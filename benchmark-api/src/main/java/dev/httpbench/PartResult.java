package dev.httpbench;

import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The measured outcome of one part of a workload: one endpoint, or one target instance. Its counts add
 * up as the whole result's do ({@code sent == succeeded + failed}), over the same measured
 * {@link BenchmarkResult#duration()}. A request counts in a part once a connection took it: an
 * open-loop arrival that failed while waiting for a free connection had no endpoint or instance yet,
 * and counts in the result's totals only. Immutable; see {@link BenchmarkResult#endpoints()} and
 * {@link BenchmarkResult#instances()}.
 */
public final class PartResult {
    private final String name;
    private final Duration duration;
    private final long sent;
    private final long succeeded;
    private final long failed;
    private final SortedMap<Integer, Long> statusCounts;
    private final Map<FailureKind, Long> errors;
    private final long bytesReceived;
    private final LatencyDistribution latency;

    PartResult(ResultBuilder.Part p, Duration duration, StatusCodes success) {
        this.name = p.name();
        this.duration = duration;
        this.statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(p.statusCounts()));
        EnumMap<FailureKind, Long> e = new EnumMap<>(FailureKind.class);
        e.putAll(p.errors());
        this.errors = Collections.unmodifiableMap(e);
        this.succeeded = statusCounts.entrySet().stream().filter(s -> success.contains(s.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        this.failed = statusCounts.values().stream().mapToLong(Long::longValue).sum() - succeeded
                + errors.values().stream().mapToLong(Long::longValue).sum();
        this.sent = p.sent();
        this.bytesReceived = p.bytesReceived();
        this.latency = p.latency();
    }

    /** The endpoint's name, or the instance's URL as {@link BenchmarkConfig#displayTargets()} shows it. */
    public String name() {
        return name;
    }

    /** Requests of this part issued during measurement. */
    public long sent() {
        return sent;
    }

    /** Responses with a success status. */
    public long succeeded() {
        return succeeded;
    }

    /** Responses with a failing status plus requests that ended without a response. */
    public long failed() {
        return failed;
    }

    /** Successful responses per second over the result's measured duration. */
    public double throughput() {
        return duration.isZero() ? 0 : succeeded / (duration.toNanos() / 1e9);
    }

    /** {@code failed / sent}, 0 when nothing was sent. */
    public double errorRate() {
        return sent == 0 ? 0 : (double) failed / sent;
    }

    /** Number of responses by HTTP status, sorted by status. */
    public SortedMap<Integer, Long> statusCounts() {
        return statusCounts;
    }

    /** Requests that ended without a response, by kind; kinds that did not occur are absent. */
    public Map<FailureKind, Long> errors() {
        return errors;
    }

    /** Requests that ended without a response with this kind. */
    public long errors(FailureKind kind) {
        return errors.getOrDefault(kind, 0L);
    }

    /** Response body bytes received. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** The latency of this part's responses, from each request's intended send time. */
    public LatencyDistribution latency() {
        return latency;
    }

    @Override
    public String toString() {
        return name + ": sent=" + sent + " succeeded=" + succeeded + " failed=" + failed + " latency=" + latency;
    }
}
