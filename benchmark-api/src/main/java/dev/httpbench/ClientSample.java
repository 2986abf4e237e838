package dev.httpbench;

import java.time.Duration;
import java.util.Objects;

/**
 * One sample of what the load generator's own process cost, taken by the engine's monitor about once
 * a second and attached to the {@link Interval} that holds the midpoint of its window. Figures that could
 * not be measured on this platform are -1, and so are open files and TCP states in samples where the
 * monitor skipped them: their cost grows with the connections, so with thousands of connections they are
 * taken every few samples only. Immutable.
 *
 * @param offset when the sample was taken, relative to the start of measurement
 * @param window the time the rate figures ({@code cpuPercent}, {@code systemCpuPercent},
 *        {@code cpuMicrosPerRequest}, {@code gcPause}) cover: since the previous sample
 * @param cpuPercent CPU of the benchmark's process over the window, as % of all cores available to the
 *        JVM (0–100)
 * @param cpuMicrosPerRequest process CPU time per request completed in the window, in microseconds;
 *        -1 when none completed
 * @param rssBytes resident memory of the process
 * @param heapUsedBytes used Java heap
 * @param threads threads of the process (Java and native)
 * @param openFiles open file descriptors of the process (each connection is one)
 * @param systemCpuPercent CPU of the whole machine over the window, as % of all cores (0–100)
 * @param tcpEstablished TCP connections to the target's port in state ESTABLISHED
 * @param tcpTimeWait TCP connections to the target's port in state TIME_WAIT
 * @param gcPause time the JVM spent in garbage-collection pauses during the window
 */
public record ClientSample(Duration offset, Duration window, double cpuPercent, double cpuMicrosPerRequest,
        long rssBytes, long heapUsedBytes, int threads, long openFiles, double systemCpuPercent,
        int tcpEstablished, int tcpTimeWait, Duration gcPause) {

    public ClientSample {
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(gcPause, "gcPause");
    }
}
