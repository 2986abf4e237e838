package dev.httpbench;

import dev.httpbench.internal.Access;
import dev.httpbench.internal.TextSummary;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one benchmark run measured, delivered once when the run has ended. Immutable and thread-safe.
 *
 * <p>Counting: every request sent during measurement ends in exactly one place, so
 * {@code sent() == succeeded() + failed()} always, also for a stopped run. {@link #failed()} counts every
 * failed request: the responses whose status is not a success status ({@link #statusCounts()}) plus
 * the requests that ended without a response ({@link #errors()}, by {@link FailureKind}).
 *
 * <p>Latency: {@link #latency()} covers every request that received a response (whatever its status),
 * from its intended send time: in closed loop that is when it was sent, in open loop when the schedule
 * said it should be sent, so waiting behind a stalled server counts. {@link #serviceTime()} measures
 * from the moment the request actually began on a connection. Requests that ended without a response
 * are counted in {@link #errors()}, not in the latency distributions.
 *
 * <p>Engines assemble results with {@link ResultBuilder}.
 */
public final class BenchmarkResult {
    static {
        Access.install((Access.Results) BenchmarkResult::new);
    }

    private final BenchmarkConfig config;
    private final Instant startedAt;
    private final Duration duration;
    private final long sent;
    private final long succeeded;
    private final long failed;
    private final SortedMap<Integer, Long> statusCounts;
    private final Map<FailureKind, Long> errors;
    private final long bytesReceived;
    private final LatencyDistribution latency;
    private final LatencyDistribution serviceTime;
    private final LatencyDistribution sendLag;
    private final LatencyDistribution connectTime;
    private final long connectionsOpened;
    private final Timing timing;
    private final long reconnects;
    private final Duration warmupTaken;
    private final List<Interval> timeline;
    private final Duration maxScheduleLag;
    private final Duration finalScheduleLag;
    private final Duration issueDuration;
    private final boolean interrupted;
    private final List<String> warnings;
    private final ClientStats client;
    // ---- a workload's parts ----
    private final Map<String, PartResult> endpoints;
    private final Map<String, PartResult> instances;

    private BenchmarkResult(ResultBuilder b) {
        this.config = Objects.requireNonNull(b.config(), "config");
        this.startedAt = Objects.requireNonNull(b.startedAt(), "startedAt");
        this.duration = Objects.requireNonNull(b.duration(), "duration");
        this.statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(b.statusCounts()));
        EnumMap<FailureKind, Long> f = new EnumMap<>(FailureKind.class);
        b.errors().forEach((k, v) -> {
            if (v > 0) {
                f.put(k, v);
            }
        });
        this.errors = Collections.unmodifiableMap(f);
        this.succeeded = statusCounts.entrySet().stream()
                .filter(e -> config.successStatuses().contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        long errorResponses = statusCounts.values().stream().mapToLong(Long::longValue).sum() - succeeded;
        this.failed = errorResponses + errors.values().stream().mapToLong(Long::longValue).sum();
        this.sent = b.sent();
        if (sent != succeeded + failed) {
            throw new IllegalStateException("sent (" + sent + ") must equal succeeded (" + succeeded
                    + ") + failed (" + failed + ")");
        }
        this.bytesReceived = b.bytesReceived();
        this.latency = b.latency() != null ? b.latency() : LatencyDistribution.empty();
        this.serviceTime = b.serviceTime() != null ? b.serviceTime() : this.latency;
        this.sendLag = b.sendLag() != null ? b.sendLag() : LatencyDistribution.empty();
        this.connectTime = b.connectTime() != null ? b.connectTime() : LatencyDistribution.empty();
        this.connectionsOpened = b.connectionsOpened();
        this.timing = b.timing() != null ? b.timing() : Timing.empty();
        this.reconnects = b.reconnects();
        this.warmupTaken = Objects.requireNonNull(b.warmupTaken(), "warmupTaken");
        this.timeline = List.copyOf(b.timeline());
        this.maxScheduleLag = Objects.requireNonNull(b.maxScheduleLag(), "maxScheduleLag");
        this.finalScheduleLag = Objects.requireNonNull(b.finalScheduleLag(), "finalScheduleLag");
        this.issueDuration = b.issueDuration() != null ? b.issueDuration() : duration;
        this.interrupted = b.interrupted();
        this.warnings = List.copyOf(b.warnings());
        this.client = b.client();
        this.endpoints = parts(b.endpoints(), "endpoint ");
        this.instances = parts(b.instances(), "instance ");
    }

    private Map<String, PartResult> parts(Map<String, ResultBuilder.Part> built, String kind) {
        Map<String, PartResult> parts = new LinkedHashMap<>();
        for (ResultBuilder.Part p : built.values()) {
            PartResult part = new PartResult(p, duration, config.successStatuses());
            if (part.sent() != part.succeeded() + part.failed()) {
                throw new IllegalStateException(kind + part.name() + ": sent (" + part.sent() + ") must equal succeeded ("
                        + part.succeeded() + ") + failed (" + part.failed() + ")");
            }
            parts.put(part.name(), part);
        }
        return Collections.unmodifiableMap(parts);
    }

    /** The configuration that was run. */
    public BenchmarkConfig config() {
        return config;
    }

    /** Wall-clock time when measurement started (after connecting and warm-up). */
    public Instant startedAt() {
        return startedAt;
    }

    /** The measured interval: from the start of measurement until the last measured request ended. */
    public Duration duration() {
        return duration;
    }

    /** Requests issued during measurement. */
    public long sent() {
        return sent;
    }

    /** Responses with a success status. */
    public long succeeded() {
        return succeeded;
    }

    /** Every failed request: responses with a failing status plus requests that ended without a response. */
    public long failed() {
        return failed;
    }

    /** Successful responses per second over the measured {@link #duration()}. */
    public double throughput() {
        return perSecond(succeeded, duration);
    }

    /** Requests issued per second: for open loop the achieved arrival rate. */
    public double requestRate() {
        return perSecond(sent, issueDuration);
    }

    /**
     * Open loop: the arrival rate planned over the measured interval (at most the configured
     * duration), in requests/s, what {@link #requestRate()} is judged against; 0 in closed loop.
     */
    public double plannedRate() {
        Duration window = config.duration().filter(d -> d.compareTo(duration) < 0).orElse(duration);
        return config.plannedRate(window);
    }

    /** {@code failed / sent}, 0 when nothing was sent. */
    public double errorRate() {
        return sent == 0 ? 0 : (double) failed / sent;
    }

    /** Number of responses by HTTP status, success and error statuses alike; sorted by status. */
    public SortedMap<Integer, Long> statusCounts() {
        return statusCounts;
    }

    /**
     * Requests that ended without a response, by kind (refused, timed out, closed, ...); kinds that did
     * not occur are absent. Responses with a failing status are in {@link #statusCounts()} instead;
     * both count in {@link #failed()}.
     */
    public Map<FailureKind, Long> errors() {
        return errors;
    }

    /** Requests that ended without a response with this kind. */
    public long errors(FailureKind kind) {
        return errors.getOrDefault(kind, 0L);
    }

    /** Response body bytes received during measurement. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Latency from intended send time to complete response, for every response received. */
    public LatencyDistribution latency() {
        return latency;
    }

    /** Latency from the moment the request began on a connection; in closed loop close to {@link #latency()}. */
    public LatencyDistribution serviceTime() {
        return serviceTime;
    }

    /**
     * How late each measured request was written compared with when it was due: in open loop its
     * scheduled time, in closed loop the moment its connection became free. This is the generator's
     * own delay, and it is part of every {@link #latency()} figure: when its tail is a material part of
     * the latency's tail, the tail is the generator's, not the server's (the result then carries a
     * warning). Empty when the engine does not measure it.
     */
    public LatencyDistribution sendLag() {
        return sendLag;
    }

    /**
     * TCP connect time (TLS handshake included for https) of every connection the run opened, those
     * opened before warm-up included. Empty when the engine does not measure it.
     */
    public LatencyDistribution connectTime() {
        return connectTime;
    }

    /**
     * Where the time went: waiting for a connection, TCP connect, TLS handshake, time to first byte and
     * body transfer, each its own distribution; see {@link Timing}. Empty when the engine does not
     * measure it.
     */
    public Timing timing() {
        return timing;
    }

    /** Connections opened during the run, before warm-up included. */
    public long connectionsOpened() {
        return connectionsOpened;
    }

    /**
     * Connections opened again during the run because the server closed one (a
     * {@code Connection: close} answer, an idle close or a reset); each costs a connect in the
     * latency of the request that waited for it.
     */
    public long reconnects() {
        return reconnects;
    }

    /**
     * How long the warm-up lasted: the configured {@link BenchmarkConfig#warmup()} or, when it was
     * automatic, the time it took the generator to settle.
     */
    public Duration warmupTaken() {
        return warmupTaken;
    }

    /** One entry per report interval, in order. */
    public List<Interval> timeline() {
        return timeline;
    }

    /** Open loop: the largest delay between a request's scheduled and actual issue; zero in closed loop. */
    public Duration maxScheduleLag() {
        return maxScheduleLag;
    }

    /** Open loop: how far behind schedule the last issued request was; zero in closed loop. */
    public Duration finalScheduleLag() {
        return finalScheduleLag;
    }

    /** Whether the run was stopped before it reached its planned end. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Reasons why the figures may not be trustworthy (e.g. the generator was the bottleneck). */
    public List<String> warnings() {
        return warnings;
    }

    /** What the load generator cost, when the engine measured it. */
    public Optional<ClientStats> client() {
        return Optional.ofNullable(client);
    }

    /** How long requests were being issued, what {@link #requestRate()} divides by. */
    public Duration issueDuration() {
        return issueDuration;
    }

    /** A plain-text summary in the manner of wrk. */
    @Override
    public String toString() {
        return TextSummary.summarize(this);
    }

    /**
     * The outcome per endpoint of a workload, by name in the configuration's order; empty for a run
     * without endpoints (its single request is the whole result).
     */
    public Map<String, PartResult> endpoints() {
        return endpoints;
    }

    /**
     * The outcome per target instance, by URL as {@link BenchmarkConfig#displayTargets()} shows it, in
     * the configuration's order; empty for a run with one target and no endpoints.
     */
    public Map<String, PartResult> instances() {
        return instances;
    }

    private static double perSecond(long count, Duration d) {
        double seconds = d.toNanos() / 1e9;
        return seconds > 0 ? count / seconds : 0;
    }
}
