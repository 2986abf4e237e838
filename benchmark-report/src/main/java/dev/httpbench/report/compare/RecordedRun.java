package dev.httpbench.report.compare;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One run as a comparison sees it. The histogram is never changed once the run is built.
 *
 * @param name the run's name, e.g. {@code c64-w2-rep1}
 * @param configuration the key its repeats share, e.g. {@code c64-w2}
 * @param throughput successful responses per second
 * @param latency every latency of the run in microseconds (intended send to complete response)
 * @param intervalThroughputs the throughput of each full report interval, requests/s
 * @param target the target as displayed
 * @param method the HTTP method
 * @param durationSeconds the measured duration
 */
record RecordedRun(String name, String configuration, double throughput, Histogram latency,
        List<Double> intervalThroughputs, String target, String method, double durationSeconds) {

    RecordedRun {
        intervalThroughputs = List.copyOf(intervalThroughputs);
    }
}
