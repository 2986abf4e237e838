package dev.httpbench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the load generator itself cost during a run, measured on its own process by the engine's
 * monitor. Figures that could not be measured on this platform are -1. Immutable; a class with a
 * builder so that later versions can add figures without breaking callers.
 */
public final class ClientStats {
    private final double cpuPercent;
    private final double cpuPeakPercent;
    private final double cpuMicrosPerRequest;
    private final long rssPeakBytes;
    private final long heapPeakBytes;
    private final int threadsPeak;
    private final double systemCpuPercent;
    private final long openFilesPeak;
    private final long openFilesLimit;
    private final int tcpEstablishedPeak;
    private final int tcpTimeWaitPeak;
    private final Duration gcPauseTotal;
    private final double gcPauseMaxPercent;
    private final List<Double> workerBusyPercent;
    private final double workerBusyPeakPercent;
    private final int samples;

    private ClientStats(Builder b) {
        this.cpuPercent = b.cpuPercent;
        this.cpuPeakPercent = b.cpuPeakPercent;
        this.cpuMicrosPerRequest = b.cpuMicrosPerRequest;
        this.rssPeakBytes = b.rssPeakBytes;
        this.heapPeakBytes = b.heapPeakBytes;
        this.threadsPeak = b.threadsPeak;
        this.systemCpuPercent = b.systemCpuPercent;
        this.openFilesPeak = b.openFilesPeak;
        this.openFilesLimit = b.openFilesLimit;
        this.tcpEstablishedPeak = b.tcpEstablishedPeak;
        this.tcpTimeWaitPeak = b.tcpTimeWaitPeak;
        this.gcPauseTotal = Objects.requireNonNull(b.gcPauseTotal, "gcPauseTotal");
        this.gcPauseMaxPercent = b.gcPauseMaxPercent;
        this.workerBusyPercent = List.copyOf(b.workerBusyPercent);
        this.workerBusyPeakPercent = b.workerBusyPeakPercent;
        this.samples = b.samples;
    }

    /** A builder with every figure unknown (-1), no GC time and no samples. */
    public static Builder builder() {
        return new Builder();
    }

    /** Average CPU of the benchmark's process over the run, as % of all cores (0–100). */
    public double cpuPercent() {
        return cpuPercent;
    }

    /** Highest per-sample CPU of the process, as % of all cores. */
    public double cpuPeakPercent() {
        return cpuPeakPercent;
    }

    /** CPU time of the process per completed request, in microseconds. */
    public double cpuMicrosPerRequest() {
        return cpuMicrosPerRequest;
    }

    /** Peak resident memory of the process, in bytes. */
    public long rssPeakBytes() {
        return rssPeakBytes;
    }

    /** Peak used Java heap, in bytes. */
    public long heapPeakBytes() {
        return heapPeakBytes;
    }

    /** Peak thread count of the process. */
    public int threadsPeak() {
        return threadsPeak;
    }

    /** Average system-wide CPU over the run, as % of all cores; -1 when unknown. */
    public double systemCpuPercent() {
        return systemCpuPercent;
    }

    /** Peak number of open file descriptors of the process; -1 when unknown. */
    public long openFilesPeak() {
        return openFilesPeak;
    }

    /** The process's soft limit on open files; -1 when unknown. */
    public long openFilesLimit() {
        return openFilesLimit;
    }

    /** Peak number of ESTABLISHED TCP connections to the target's port; -1 when unknown. */
    public int tcpEstablishedPeak() {
        return tcpEstablishedPeak;
    }

    /** Peak number of TIME_WAIT TCP connections to the target's port; -1 when unknown. */
    public int tcpTimeWaitPeak() {
        return tcpTimeWaitPeak;
    }

    /** Time the JVM spent in garbage-collection pauses during the run. */
    public Duration gcPauseTotal() {
        return gcPauseTotal;
    }

    /** The largest share of one sample window spent in GC pauses, in % (0–100). */
    public double gcPauseMaxPercent() {
        return gcPauseMaxPercent;
    }

    /**
     * How busy each worker thread was over the run, in % of one core (0–100), in worker order: its
     * CPU time over the measured wall time. A worker near 100 % is the limit of the run even when the
     * process as a whole is far from its cores' total. Empty when unknown.
     */
    public List<Double> workerBusyPercent() {
        return workerBusyPercent;
    }

    /** The busiest worker's highest per-sample busy figure, in % of one core; -1 when unknown. */
    public double workerBusyPeakPercent() {
        return workerBusyPeakPercent;
    }

    /** The busiest worker's average over the run ({@link #workerBusyPercent()}), -1 when unknown. */
    public double workerBusyMaxPercent() {
        return workerBusyPercent.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
    }

    /** Number of samples the figures were taken from. */
    public int samples() {
        return samples;
    }

    /** A builder holding these figures. */
    public Builder toBuilder() {
        return new Builder().cpuPercent(cpuPercent).cpuPeakPercent(cpuPeakPercent)
                .cpuMicrosPerRequest(cpuMicrosPerRequest).rssPeakBytes(rssPeakBytes).heapPeakBytes(heapPeakBytes)
                .threadsPeak(threadsPeak).systemCpuPercent(systemCpuPercent).openFilesPeak(openFilesPeak)
                .openFilesLimit(openFilesLimit).tcpEstablishedPeak(tcpEstablishedPeak)
                .tcpTimeWaitPeak(tcpTimeWaitPeak).gcPauseTotal(gcPauseTotal).gcPauseMaxPercent(gcPauseMaxPercent)
                .workerBusyPercent(workerBusyPercent).workerBusyPeakPercent(workerBusyPeakPercent).samples(samples);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientStats c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ClientStats[cpuPercent=" + cpuPercent + ", cpuPeakPercent=" + cpuPeakPercent
                + ", cpuMicrosPerRequest=" + cpuMicrosPerRequest + ", rssPeakBytes=" + rssPeakBytes
                + ", heapPeakBytes=" + heapPeakBytes + ", threadsPeak=" + threadsPeak
                + ", systemCpuPercent=" + systemCpuPercent + ", openFilesPeak=" + openFilesPeak
                + ", openFilesLimit=" + openFilesLimit + ", tcpEstablishedPeak=" + tcpEstablishedPeak
                + ", tcpTimeWaitPeak=" + tcpTimeWaitPeak + ", gcPauseTotal=" + gcPauseTotal
                + ", gcPauseMaxPercent=" + gcPauseMaxPercent + ", workerBusyPercent=" + workerBusyPercent
                + ", workerBusyPeakPercent=" + workerBusyPeakPercent + ", samples=" + samples + "]";
    }

    /** Builds {@link ClientStats}; every figure starts unknown. Not thread-safe. */
    public static final class Builder {
        private double cpuPercent = -1;
        private double cpuPeakPercent = -1;
        private double cpuMicrosPerRequest = -1;
        private long rssPeakBytes = -1;
        private long heapPeakBytes = -1;
        private int threadsPeak = -1;
        private double systemCpuPercent = -1;
        private long openFilesPeak = -1;
        private long openFilesLimit = -1;
        private int tcpEstablishedPeak = -1;
        private int tcpTimeWaitPeak = -1;
        private Duration gcPauseTotal = Duration.ZERO;
        private double gcPauseMaxPercent;
        private List<Double> workerBusyPercent = List.of();
        private double workerBusyPeakPercent = -1;
        private int samples;

        private Builder() {
        }

        public Builder cpuPercent(double v) {
            this.cpuPercent = v;
            return this;
        }

        public Builder cpuPeakPercent(double v) {
            this.cpuPeakPercent = v;
            return this;
        }

        public Builder cpuMicrosPerRequest(double v) {
            this.cpuMicrosPerRequest = v;
            return this;
        }

        public Builder rssPeakBytes(long v) {
            this.rssPeakBytes = v;
            return this;
        }

        public Builder heapPeakBytes(long v) {
            this.heapPeakBytes = v;
            return this;
        }

        public Builder threadsPeak(int v) {
            this.threadsPeak = v;
            return this;
        }

        public Builder systemCpuPercent(double v) {
            this.systemCpuPercent = v;
            return this;
        }

        public Builder openFilesPeak(long v) {
            this.openFilesPeak = v;
            return this;
        }

        public Builder openFilesLimit(long v) {
            this.openFilesLimit = v;
            return this;
        }

        public Builder tcpEstablishedPeak(int v) {
            this.tcpEstablishedPeak = v;
            return this;
        }

        public Builder tcpTimeWaitPeak(int v) {
            this.tcpTimeWaitPeak = v;
            return this;
        }

        public Builder gcPauseTotal(Duration v) {
            this.gcPauseTotal = v;
            return this;
        }

        public Builder gcPauseMaxPercent(double v) {
            this.gcPauseMaxPercent = v;
            return this;
        }

        /** Each worker's average busy figure over the run, in % of one core, in worker order. */
        public Builder workerBusyPercent(List<Double> v) {
            this.workerBusyPercent = List.copyOf(v);
            return this;
        }

        public Builder workerBusyPeakPercent(double v) {
            this.workerBusyPeakPercent = v;
            return this;
        }

        public Builder samples(int v) {
            this.samples = v;
            return this;
        }

        public ClientStats build() {
            return new ClientStats(this);
        }
    }
}
