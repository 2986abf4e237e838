package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.ResultBuilder;
import org.HdrHistogram.Histogram;

/**
 * One worker's measured outcome per endpoint and per target instance of a workload, beside its
 * {@link Recording} of the totals. Thread contract: written by the worker's loop thread only, read by
 * the coordinator only after that thread ended ({@link Worker#join(long)}), so plain fields suffice
 * and recording costs a few array writes and one histogram record per part. A request counts in the
 * parts once a connection took it and its endpoint was picked; an open-loop arrival that failed while
 * waiting for a free connection has neither, and counts in the totals only.
 */
final class PartRecording {
    private final Part[] endpoints;
    private final Part[] instances;

    PartRecording(int endpointCount, int instanceCount) {
        this.endpoints = parts(endpointCount);
        this.instances = parts(instanceCount);
    }

    private static Part[] parts(int n) {
        Part[] parts = new Part[n];
        for (int i = 0; i < n; i++) {
            parts[i] = new Part();
        }
        return parts;
    }

    /** A measured request of endpoint {@code e} went to instance {@code i}. */
    void sent(int e, int i) {
        endpoints[e].sent++;
        instances[i].sent++;
    }

    void response(int e, int i, int status, long latencyNanos, long bodyBytes) {
        endpoints[e].response(status, latencyNanos, bodyBytes);
        instances[i].response(status, latencyNanos, bodyBytes);
    }

    void failure(int e, int i, FailureKind kind, long bodyBytes) {
        endpoints[e].failure(kind, bodyBytes);
        instances[i].failure(kind, bodyBytes);
    }

    /** Adds this worker's endpoint {@code e} into {@code into}. Coordinator, after the worker ended. */
    void addEndpoint(int e, ResultBuilder.Part into) {
        endpoints[e].addTo(into);
    }

    /** Adds this worker's instance {@code i} into {@code into}. Coordinator, after the worker ended. */
    void addInstance(int i, ResultBuilder.Part into) {
        instances[i].addTo(into);
    }

    /** The counts and latencies (microseconds) of one endpoint or instance. */
    private static final class Part {
        long sent;
        long bytes;
        long[] statuses; // allocated at the first response
        final long[] failures = new long[FailureKind.values().length];
        final Histogram latency = new Histogram(LatencyDistribution.SIGNIFICANT_DIGITS);

        Part() {
            latency.setAutoResize(true);
        }

        void response(int status, long latencyNanos, long bodyBytes) {
            if (statuses == null) {
                statuses = new long[Recording.STATUSES];
            }
            statuses[Math.min(Math.max(status, 0), Recording.STATUSES - 1)]++;
            bytes += bodyBytes;
            latency.recordValue(Math.max(0, latencyNanos / 1_000));
        }

        void failure(FailureKind kind, long bodyBytes) {
            failures[kind.ordinal()]++;
            bytes += bodyBytes;
        }

        void addTo(ResultBuilder.Part into) {
            into.sent(into.sent() + sent).bytesReceived(into.bytesReceived() + bytes);
            if (statuses != null) {
                for (int s = 0; s < statuses.length; s++) {
                    into.status(s, statuses[s]);
                }
            }
            for (FailureKind kind : FailureKind.values()) {
                into.error(kind, failures[kind.ordinal()]);
            }
            into.addLatency(latency);
        }
    }
}
