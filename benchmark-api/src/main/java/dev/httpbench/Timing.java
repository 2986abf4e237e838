package dev.httpbench;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the requests' time went, phase by phase, each phase its own distribution (microseconds, like
 * every {@link LatencyDistribution}) with its own count. Immutable and thread-safe; built with
 * {@link #builder()}, a phase left unset is empty.
 *
 * <ul>
 * <li>{@link Phase#QUEUE}: open loop only, for each response: from the request's intended send time
 * until a connection (an HTTP/2 stream) was free for it, the generator's own lateness in releasing
 * the arrival included. Empty in closed loop, where a request starts when its connection is free.
 * <li>{@link Phase#CONNECT}: for each connection opened (those opened before warm-up included, so its
 * count is {@link BenchmarkResult#connectionsOpened()}): the TCP connect alone.
 * <li>{@link Phase#TLS}: for each https connection opened: the TLS handshake after the TCP connect.
 * Empty for http.
 * <li>{@link Phase#TTFB}: for each response: from the moment the request began to be written until the
 * first byte of its response was read (HTTP/2: the first byte of the frame that carried the stream's
 * response headers).
 * <li>{@link Phase#TRANSFER}: for each response: from that first byte to the last byte of the response.
 * </ul>
 *
 * <p>Per response, {@code ttfb + transfer} is its {@link BenchmarkResult#serviceTime()}. A request
 * that found its connection closed waits for a new one: that connect and handshake appear in
 * {@code connect} and {@code tls}, and in the request's {@link BenchmarkResult#latency()}, not in its
 * ttfb. Requests that ended without a response are counted in {@link BenchmarkResult#errors()} only.
 */
public final class Timing {
    /** The phases of a request, in the order they happen. */
    public enum Phase {
        QUEUE, CONNECT, TLS, TTFB, TRANSFER;

        /** Its name in reports, e.g. {@code ttfb}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Timing EMPTY = builder().build();

    private final LatencyDistribution queue;
    private final LatencyDistribution connect;
    private final LatencyDistribution tls;
    private final LatencyDistribution ttfb;
    private final LatencyDistribution transfer;

    private Timing(Builder b) {
        this.queue = orEmpty(b.queue);
        this.connect = orEmpty(b.connect);
        this.tls = orEmpty(b.tls);
        this.ttfb = orEmpty(b.ttfb);
        this.transfer = orEmpty(b.transfer);
    }

    private static LatencyDistribution orEmpty(LatencyDistribution d) {
        return d != null ? d : LatencyDistribution.empty();
    }

    /** Nothing measured: what an engine that does not time phases reports. */
    public static Timing empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this value's phases, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().queue(queue).connect(connect).tls(tls).ttfb(ttfb).transfer(transfer);
    }

    /** Open loop: from the intended send time until a connection was free; empty in closed loop. */
    public LatencyDistribution queue() {
        return queue;
    }

    /** TCP connect of each connection opened, without any TLS handshake. */
    public LatencyDistribution connect() {
        return connect;
    }

    /** TLS handshake of each https connection opened; empty for http. */
    public LatencyDistribution tls() {
        return tls;
    }

    /** From the request's first byte written to the response's first byte read. */
    public LatencyDistribution ttfb() {
        return ttfb;
    }

    /** From the response's first byte to its last. */
    public LatencyDistribution transfer() {
        return transfer;
    }

    /** The distribution of {@code phase}. */
    public LatencyDistribution phase(Phase phase) {
        return switch (Objects.requireNonNull(phase, "phase")) {
            case QUEUE -> queue;
            case CONNECT -> connect;
            case TLS -> tls;
            case TTFB -> ttfb;
            case TRANSFER -> transfer;
        };
    }

    /** Whether no phase holds a value. */
    public boolean isEmpty() {
        for (Phase p : Phase.values()) {
            if (phase(p).count() > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Timing[");
        for (Phase p : Phase.values()) {
            s.append(p.ordinal() == 0 ? "" : ", ").append(p.key()).append(": ").append(phase(p));
        }
        return s.append(']').toString();
    }

    /** Builds a {@link Timing}; a phase left unset (or set to null) is empty. Not thread-safe. */
    public static final class Builder {
        private LatencyDistribution queue;
        private LatencyDistribution connect;
        private LatencyDistribution tls;
        private LatencyDistribution ttfb;
        private LatencyDistribution transfer;

        private Builder() {
        }

        public Builder queue(LatencyDistribution queue) {
            this.queue = queue;
            return this;
        }

        public Builder connect(LatencyDistribution connect) {
            this.connect = connect;
            return this;
        }

        public Builder tls(LatencyDistribution tls) {
            this.tls = tls;
            return this;
        }

        public Builder ttfb(LatencyDistribution ttfb) {
            this.ttfb = ttfb;
            return this;
        }

        public Builder transfer(LatencyDistribution transfer) {
            this.transfer = transfer;
            return this;
        }

        /** Sets {@code phase}. */
        public Builder phase(Phase phase, LatencyDistribution distribution) {
            switch (Objects.requireNonNull(phase, "phase")) {
                case QUEUE -> queue = distribution;
                case CONNECT -> connect = distribution;
                case TLS -> tls = distribution;
                case TTFB -> ttfb = distribution;
                case TRANSFER -> transfer = distribution;
            }
            return this;
        }

        public Timing build() {
            return new Timing(this);
        }
    }
}
