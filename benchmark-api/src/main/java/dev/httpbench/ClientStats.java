package dev.httpbench;

import java.time.Duration;
import java.util.Objects;

/**
 * What the load generator itself cost during a run, measured on its own process by the engine's
 * monitor. Figures that could not be measured on this platform are -1. Immutable.
 *
 * @param cpuPercent average CPU of the benchmark's process over the run, as % of all cores (0–100)
 * @param cpuPeakPercent highest per-sample CPU of the process, as % of all cores
 * @param cpuMicrosPerRequest CPU time of the process per completed request, in microseconds
 * @param rssPeakBytes peak resident memory of the process
 * @param heapPeakBytes peak used Java heap
 * @param threadsPeak peak thread count of the process
 * @param systemCpuPercent average system-wide CPU over the run, as % of all cores; -1 when unknown
 * @param openFilesPeak peak number of open file descriptors of the process; -1 when unknown
 * @param openFilesLimit the process's soft limit on open files; -1 when unknown
 * @param tcpEstablishedPeak peak number of ESTABLISHED TCP connections to the target's port; -1 when unknown
 * @param tcpTimeWaitPeak peak number of TIME_WAIT TCP connections to the target's port; -1 when unknown
 * @param gcPauseTotal time the JVM spent in garbage-collection pauses during the run
 * @param gcPauseMaxPercent the largest share of one sample window spent in GC pauses, in % (0–100)
 * @param samples number of samples the figures were taken from
 */
public record ClientStats(double cpuPercent, double cpuPeakPercent, double cpuMicrosPerRequest,
        long rssPeakBytes, long heapPeakBytes, int threadsPeak, double systemCpuPercent,
        long openFilesPeak, long openFilesLimit, int tcpEstablishedPeak, int tcpTimeWaitPeak,
        Duration gcPauseTotal, double gcPauseMaxPercent, int samples) {

    public ClientStats {
        Objects.requireNonNull(gcPauseTotal, "gcPauseTotal");
    }

    /** The figures every platform measures; the others are unknown (-1, zero GC time, no samples). */
    public ClientStats(double cpuPercent, double cpuPeakPercent, double cpuMicrosPerRequest,
            long rssPeakBytes, long heapPeakBytes, int threadsPeak, double systemCpuPercent) {
        this(cpuPercent, cpuPeakPercent, cpuMicrosPerRequest, rssPeakBytes, heapPeakBytes, threadsPeak,
                systemCpuPercent, -1, -1, -1, -1, Duration.ZERO, 0, 0);
    }
}
