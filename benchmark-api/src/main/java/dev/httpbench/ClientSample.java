package dev.httpbench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One sample of what the load generator's own process cost, taken by the engine's monitor about once
 * a second and attached to the {@link Interval} that holds the midpoint of its window. Figures that could
 * not be measured on this platform are -1, and so are open files and TCP states in samples where the
 * monitor skipped them: their cost grows with the connections, so with thousands of connections they are
 * taken every few samples only. Immutable; a class with a builder so that later versions can add
 * figures without breaking callers.
 */
public final class ClientSample {
    private final Duration offset;
    private final Duration window;
    private final double cpuPercent;
    private final double cpuMicrosPerRequest;
    private final long rssBytes;
    private final long heapUsedBytes;
    private final int threads;
    private final long openFiles;
    private final double systemCpuPercent;
    private final int tcpEstablished;
    private final int tcpTimeWait;
    private final Duration gcPause;
    private final List<Double> workerBusyPercent;

    private ClientSample(Builder b) {
        this.offset = Objects.requireNonNull(b.offset, "offset");
        this.window = Objects.requireNonNull(b.window, "window");
        this.cpuPercent = b.cpuPercent;
        this.cpuMicrosPerRequest = b.cpuMicrosPerRequest;
        this.rssBytes = b.rssBytes;
        this.heapUsedBytes = b.heapUsedBytes;
        this.threads = b.threads;
        this.openFiles = b.openFiles;
        this.systemCpuPercent = b.systemCpuPercent;
        this.tcpEstablished = b.tcpEstablished;
        this.tcpTimeWait = b.tcpTimeWait;
        this.gcPause = Objects.requireNonNull(b.gcPause, "gcPause");
        this.workerBusyPercent = List.copyOf(b.workerBusyPercent);
    }

    /**
     * A builder for the sample taken at {@code offset} covering {@code window}; every other figure
     * starts unknown (-1), with no GC time.
     */
    public static Builder builder(Duration offset, Duration window) {
        return new Builder(offset, window);
    }

    /** When the sample was taken, relative to the start of measurement. */
    public Duration offset() {
        return offset;
    }

    /**
     * The time the rate figures ({@code cpuPercent}, {@code systemCpuPercent}, {@code cpuMicrosPerRequest},
     * {@code gcPause}, {@code workerBusyPercent}) cover: since the previous sample.
     */
    public Duration window() {
        return window;
    }

    /** CPU of the benchmark's process over the window, as % of all cores available to the JVM (0–100). */
    public double cpuPercent() {
        return cpuPercent;
    }

    /** Process CPU time per request completed in the window, in microseconds; -1 when none completed. */
    public double cpuMicrosPerRequest() {
        return cpuMicrosPerRequest;
    }

    /** Resident memory of the process, in bytes. */
    public long rssBytes() {
        return rssBytes;
    }

    /** Used Java heap, in bytes. */
    public long heapUsedBytes() {
        return heapUsedBytes;
    }

    /** Threads of the process (Java and native). */
    public int threads() {
        return threads;
    }

    /** Open file descriptors of the process (each connection is one). */
    public long openFiles() {
        return openFiles;
    }

    /** CPU of the whole machine over the window, as % of all cores (0–100). */
    public double systemCpuPercent() {
        return systemCpuPercent;
    }

    /** TCP connections to the target's port in state ESTABLISHED. */
    public int tcpEstablished() {
        return tcpEstablished;
    }

    /** TCP connections to the target's port in state TIME_WAIT. */
    public int tcpTimeWait() {
        return tcpTimeWait;
    }

    /** Time the JVM spent in garbage-collection pauses during the window. */
    public Duration gcPause() {
        return gcPause;
    }

    /** Each worker thread's CPU time over the window, in % of one core, in worker order; empty when unknown. */
    public List<Double> workerBusyPercent() {
        return workerBusyPercent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSample c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ClientSample[offset=" + offset + ", window=" + window + ", cpuPercent=" + cpuPercent
                + ", cpuMicrosPerRequest=" + cpuMicrosPerRequest + ", rssBytes=" + rssBytes
                + ", heapUsedBytes=" + heapUsedBytes + ", threads=" + threads + ", openFiles=" + openFiles
                + ", systemCpuPercent=" + systemCpuPercent + ", tcpEstablished=" + tcpEstablished
                + ", tcpTimeWait=" + tcpTimeWait + ", gcPause=" + gcPause
                + ", workerBusyPercent=" + workerBusyPercent + "]";
    }

    /** Builds a {@link ClientSample}. Not thread-safe. */
    public static final class Builder {
        private final Duration offset;
        private final Duration window;
        private double cpuPercent = -1;
        private double cpuMicrosPerRequest = -1;
        private long rssBytes = -1;
        private long heapUsedBytes = -1;
        private int threads = -1;
        private long openFiles = -1;
        private double systemCpuPercent = -1;
        private int tcpEstablished = -1;
        private int tcpTimeWait = -1;
        private Duration gcPause = Duration.ZERO;
        private List<Double> workerBusyPercent = List.of();

        private Builder(Duration offset, Duration window) {
            this.offset = offset;
            this.window = window;
        }

        public Builder cpuPercent(double v) {
            this.cpuPercent = v;
            return this;
        }

        public Builder cpuMicrosPerRequest(double v) {
            this.cpuMicrosPerRequest = v;
            return this;
        }

        public Builder rssBytes(long v) {
            this.rssBytes = v;
            return this;
        }

        public Builder heapUsedBytes(long v) {
            this.heapUsedBytes = v;
            return this;
        }

        public Builder threads(int v) {
            this.threads = v;
            return this;
        }

        public Builder openFiles(long v) {
            this.openFiles = v;
            return this;
        }

        public Builder systemCpuPercent(double v) {
            this.systemCpuPercent = v;
            return this;
        }

        public Builder tcpEstablished(int v) {
            this.tcpEstablished = v;
            return this;
        }

        public Builder tcpTimeWait(int v) {
            this.tcpTimeWait = v;
            return this;
        }

        public Builder gcPause(Duration v) {
            this.gcPause = v;
            return this;
        }

        public Builder workerBusyPercent(List<Double> v) {
            this.workerBusyPercent = List.copyOf(v);
            return this;
        }

        public ClientSample build() {
            return new ClientSample(this);
        }
    }
}
