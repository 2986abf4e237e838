package dev.httpbench;

/**
 * What the load generator itself cost during a run, measured on its own process. Immutable.
 *
 * @param cpuPercent average CPU of the benchmark's process over the run, as % of all cores (0–100)
 * @param cpuPeakPercent highest per-sample CPU of the process, as % of all cores
 * @param cpuMicrosPerRequest CPU time of the process per completed request, in microseconds
 * @param rssPeakBytes peak resident memory of the process
 * @param heapPeakBytes peak used Java heap
 * @param threadsPeak peak thread count of the process
 * @param systemCpuPercent average system-wide CPU over the run, as % of all cores; -1 when unknown
 */
public record ClientStats(double cpuPercent, double cpuPeakPercent, double cpuMicrosPerRequest,
        long rssPeakBytes, long heapPeakBytes, int threadsPeak, double systemCpuPercent) {
}
