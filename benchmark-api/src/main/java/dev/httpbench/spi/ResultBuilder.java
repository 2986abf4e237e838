package dev.httpbench.spi;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientStats;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;
import dev.httpbench.internal.Access;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Assembles a {@link BenchmarkResult}: what an engine does once a run has ended, and what tools that
 * combine results (a merge of shards, a test) do. {@link #build()} checks that the counts add up
 * ({@code sent == succeeded + failed}). Each setter has a getter of the same name that returns what
 * was set. Not thread-safe.
 */
public final class ResultBuilder {
    private final BenchmarkConfig config;
    private Instant startedAt = Instant.EPOCH;
    private Duration duration = Duration.ZERO;
    private long sent;
    private final SortedMap<Integer, Long> statusCounts = new TreeMap<>();
    private final Map<FailureKind, Long> errors = new EnumMap<>(FailureKind.class);
    private long bytesReceived;
    private LatencyDistribution latency;
    private LatencyDistribution serviceTime;
    private LatencyDistribution sendLag;
    private LatencyDistribution connectTime;
    private long connectionsOpened;
    private Timing timing;
    private long reconnects;
    private Duration warmupTaken = Duration.ZERO;
    private List<Interval> timeline = List.of();
    private Duration maxScheduleLag = Duration.ZERO;
    private Duration finalScheduleLag = Duration.ZERO;
    private Duration issueDuration;
    private boolean interrupted;
    private final List<String> warnings = new ArrayList<>();
    private ClientStats client;
    // ---- a workload's parts ----
    private final Map<String, Part> endpoints = new LinkedHashMap<>();
    private final Map<String, Part> instances = new LinkedHashMap<>();

    private ResultBuilder(BenchmarkConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** An empty result of {@code config}: nothing sent, no time measured. */
    public static ResultBuilder of(BenchmarkConfig config) {
        return new ResultBuilder(config);
    }

    /** A builder holding every value of {@code result}, e.g. to append warnings. */
    public static ResultBuilder from(BenchmarkResult r) {
        ResultBuilder b = new ResultBuilder(r.config())
                .startedAt(r.startedAt()).duration(r.duration()).sent(r.sent()).bytesReceived(r.bytesReceived())
                .latency(r.latency()).serviceTime(r.serviceTime()).sendLag(r.sendLag()).connectTime(r.connectTime())
                .timing(r.timing())
                .connectionsOpened(r.connectionsOpened()).reconnects(r.reconnects()).warmupTaken(r.warmupTaken())
                .timeline(r.timeline()).scheduleLag(r.maxScheduleLag(), r.finalScheduleLag())
                .issueDuration(r.issueDuration()).interrupted(r.interrupted()).client(r.client().orElse(null));
        b.statusCounts.putAll(r.statusCounts());
        b.errors.putAll(r.errors());
        b.warnings.addAll(r.warnings());
        r.endpoints().values().forEach(p -> b.endpoint(p.name()).add(p));
        r.instances().values().forEach(p -> b.instance(p.name()).add(p));
        return b;
    }

    /** Wall-clock time when measurement started. */
    public ResultBuilder startedAt(Instant startedAt) {
        this.startedAt = startedAt;
        return this;
    }

    /** The measured interval. */
    public ResultBuilder duration(Duration duration) {
        this.duration = duration;
        return this;
    }

    /** Requests issued during measurement. */
    public ResultBuilder sent(long sent) {
        this.sent = sent;
        return this;
    }

    /** Adds {@code count} responses with {@code status}. */
    public ResultBuilder status(int status, long count) {
        if (count > 0) {
            statusCounts.merge(status, count, Long::sum);
        }
        return this;
    }

    /** Adds {@code count} requests that ended without a response. */
    public ResultBuilder error(FailureKind kind, long count) {
        if (count > 0) {
            errors.merge(kind, count, Long::sum);
        }
        return this;
    }

    public ResultBuilder bytesReceived(long bytes) {
        this.bytesReceived = bytes;
        return this;
    }

    public ResultBuilder latency(LatencyDistribution latency) {
        this.latency = latency;
        return this;
    }

    /** Default: the latency. */
    public ResultBuilder serviceTime(LatencyDistribution serviceTime) {
        this.serviceTime = serviceTime;
        return this;
    }

    public ResultBuilder sendLag(LatencyDistribution sendLag) {
        this.sendLag = sendLag;
        return this;
    }

    public ResultBuilder connectTime(LatencyDistribution connectTime) {
        this.connectTime = connectTime;
        return this;
    }

    /** Where the time went, phase by phase; default {@link Timing#empty()}. */
    public ResultBuilder timing(Timing timing) {
        this.timing = timing;
        return this;
    }

    public ResultBuilder connectionsOpened(long connectionsOpened) {
        this.connectionsOpened = connectionsOpened;
        return this;
    }

    public ResultBuilder reconnects(long reconnects) {
        this.reconnects = reconnects;
        return this;
    }

    public ResultBuilder warmupTaken(Duration warmupTaken) {
        this.warmupTaken = warmupTaken;
        return this;
    }

    public ResultBuilder timeline(List<Interval> timeline) {
        this.timeline = List.copyOf(timeline);
        return this;
    }

    /** Open loop: the largest schedule lag and that of the last request issued. */
    public ResultBuilder scheduleLag(Duration max, Duration last) {
        this.maxScheduleLag = max;
        this.finalScheduleLag = last;
        return this;
    }

    /** How long requests were being issued, for {@link BenchmarkResult#requestRate()}; default the duration. */
    public ResultBuilder issueDuration(Duration issueDuration) {
        this.issueDuration = issueDuration;
        return this;
    }

    public ResultBuilder interrupted(boolean interrupted) {
        this.interrupted = interrupted;
        return this;
    }

    /** Appends a warning. */
    public ResultBuilder warning(String warning) {
        warnings.add(Objects.requireNonNull(warning, "warning"));
        return this;
    }

    /** Appends warnings. */
    public ResultBuilder warnings(List<String> more) {
        more.forEach(this::warning);
        return this;
    }

    public ResultBuilder client(ClientStats client) {
        this.client = client;
        return this;
    }

    /**
     * The part of the result for the workload's endpoint {@code name}, created empty at the first call;
     * parts keep the order of their first call (an engine adds them in the configuration's order). A run
     * without endpoints has none.
     */
    public Part endpoint(String name) {
        return endpoints.computeIfAbsent(Objects.requireNonNull(name, "name"), Part::new);
    }

    /**
     * The part of the result for the target instance {@code name} (as
     * {@link BenchmarkConfig#displayTargets()} shows it), created empty at the first call. A run with one
     * target and no endpoints has none.
     */
    public Part instance(String name) {
        return instances.computeIfAbsent(Objects.requireNonNull(name, "name"), Part::new);
    }

    /** The endpoint parts set so far, in order. */
    public Map<String, Part> endpoints() {
        return Collections.unmodifiableMap(endpoints);
    }

    /** The instance parts set so far, in order. */
    public Map<String, Part> instances() {
        return Collections.unmodifiableMap(instances);
    }

    /**
     * @throws IllegalStateException when sent differs from succeeded + failed, overall or in a part
     */
    public BenchmarkResult build() {
        return Access.results().build(this);
    }

    public BenchmarkConfig config() {
        return config;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Duration duration() {
        return duration;
    }

    public long sent() {
        return sent;
    }

    public SortedMap<Integer, Long> statusCounts() {
        return Collections.unmodifiableSortedMap(statusCounts);
    }

    public Map<FailureKind, Long> errors() {
        return Collections.unmodifiableMap(errors);
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public LatencyDistribution latency() {
        return latency;
    }

    public LatencyDistribution serviceTime() {
        return serviceTime;
    }

    public LatencyDistribution sendLag() {
        return sendLag;
    }

    public LatencyDistribution connectTime() {
        return connectTime;
    }

    public Timing timing() {
        return timing;
    }

    public long connectionsOpened() {
        return connectionsOpened;
    }

    public long reconnects() {
        return reconnects;
    }

    public Duration warmupTaken() {
        return warmupTaken;
    }

    public List<Interval> timeline() {
        return timeline;
    }

    public Duration maxScheduleLag() {
        return maxScheduleLag;
    }

    public Duration finalScheduleLag() {
        return finalScheduleLag;
    }

    public Duration issueDuration() {
        return issueDuration;
    }

    public boolean interrupted() {
        return interrupted;
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    public ClientStats client() {
        return client;
    }

    /**
     * The counts and latencies of one endpoint or one target instance: what becomes a
     * {@link dev.httpbench.PartResult}. Counts add up as the result's do; each getter returns what was
     * set or added. Not thread-safe.
     */
    public static final class Part {
        private final String name;
        private long sent;
        private long bytesReceived;
        private final SortedMap<Integer, Long> statusCounts = new TreeMap<>();
        private final Map<FailureKind, Long> errors = new EnumMap<>(FailureKind.class);
        private final Histogram latency = Histograms.newHistogram();

        private Part(String name) {
            this.name = name;
        }

        /** Requests of this part issued during measurement. */
        public Part sent(long sent) {
            this.sent = sent;
            return this;
        }

        /** Adds {@code count} responses with {@code status}. */
        public Part status(int status, long count) {
            if (count > 0) {
                statusCounts.merge(status, count, Long::sum);
            }
            return this;
        }

        /** Adds {@code count} requests that ended without a response. */
        public Part error(FailureKind kind, long count) {
            if (count > 0) {
                errors.merge(kind, count, Long::sum);
            }
            return this;
        }

        public Part bytesReceived(long bytes) {
            this.bytesReceived = bytes;
            return this;
        }

        /** Adds {@code microseconds} (latencies from each request's intended time) to the part's distribution. */
        public Part addLatency(Histogram microseconds) {
            latency.add(microseconds);
            return this;
        }

        /** Adds everything {@code part} holds: to merge the same part of several results. */
        public Part add(dev.httpbench.PartResult part) {
            sent += part.sent();
            bytesReceived += part.bytesReceived();
            part.statusCounts().forEach(this::status);
            part.errors().forEach(this::error);
            return addLatency(part.latency().histogram());
        }

        public String name() {
            return name;
        }

        public long sent() {
            return sent;
        }

        public long bytesReceived() {
            return bytesReceived;
        }

        public SortedMap<Integer, Long> statusCounts() {
            return Collections.unmodifiableSortedMap(statusCounts);
        }

        public Map<FailureKind, Long> errors() {
            return Collections.unmodifiableMap(errors);
        }

        /** The latencies added so far, as a copy. */
        public LatencyDistribution latency() {
            return LatencyDistribution.of(latency);
        }
    }
}
