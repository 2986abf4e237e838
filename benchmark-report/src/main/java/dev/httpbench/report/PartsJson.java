package dev.httpbench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.PartResult;
import java.util.List;
import java.util.Map;

/**
 * The {@code endpoints} and {@code instances} objects of a run in summary.json (schema in the README):
 * one entry per endpoint name and per target URL, each with its counts, throughput, latency, statuses
 * and errors. Written only for a run that has them, so that a single-request run's JSON is as before.
 * Stateless and thread-safe.
 */
final class PartsJson {
    private PartsJson() {
    }

    /** Adds {@code endpoints} and {@code instances} to {@code run} when the result has them. */
    static void addTo(ObjectNode run, BenchmarkResult r) {
        parts(run, "endpoints", r.endpoints());
        parts(run, "instances", r.instances());
    }

    private static void parts(ObjectNode run, String field, Map<String, PartResult> parts) {
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode node = run.putObject(field);
        for (PartResult p : parts.values()) {
            ObjectNode part = node.putObject(p.name());
            ObjectNode requests = part.putObject("requests");
            requests.put("sent", p.sent());
            requests.put("succeeded", p.succeeded());
            requests.put("failed", p.failed());
            part.put("throughput_rps", round(p.throughput(), 3));
            part.put("error_rate", round(p.errorRate(), 6));
            latency(part.putObject("latency_ms"), p.latency());
            ObjectNode statuses = part.putObject("status_codes");
            p.statusCounts().forEach((status, count) -> statuses.put(Integer.toString(status), count));
            ObjectNode errors = part.putObject("errors");
            p.errors().forEach((kind, count) -> errors.put(kind.id(), count));
            part.put("bytes_received", p.bytesReceived());
        }
    }

    /**
     * report.html's data of a run's parts: {@code endpoints} and {@code instances} arrays (empty when
     * the run has none) of {@code {name, sent, succeeded, failed, throughput_rps, p99_ms,
     * percentiles_ms}}, the percentiles on the page's percentile {@code axis}.
     */
    static void addToReport(ObjectNode run, BenchmarkResult r, List<Double> axis) {
        reportParts(run.putArray("endpoints"), r.endpoints(), axis);
        reportParts(run.putArray("instances"), r.instances(), axis);
    }

    private static void reportParts(ArrayNode array, Map<String, PartResult> parts, List<Double> axis) {
        for (PartResult p : parts.values()) {
            ObjectNode o = array.addObject();
            o.put("name", p.name());
            o.put("sent", p.sent());
            o.put("succeeded", p.succeeded());
            o.put("failed", p.failed());
            o.put("throughput_rps", round(p.throughput(), 1));
            o.put("p99_ms", millis(p.latency().p99().toNanos()));
            ArrayNode pct = o.putArray("percentiles_ms");
            for (double x : axis) {
                if (p.latency().count() == 0) {
                    pct.addNull();
                } else {
                    pct.add(millis(p.latency().percentile(Math.min(100, 100 * (1 - 1 / x))).toNanos()));
                }
            }
        }
    }

    private static void latency(ObjectNode node, LatencyDistribution d) {
        node.put("min", millis(d.min().toNanos()));
        node.put("mean", millis(d.mean().toNanos()));
        node.put("p50", millis(d.p50().toNanos()));
        node.put("p90", millis(d.p90().toNanos()));
        node.put("p99", millis(d.p99().toNanos()));
        node.put("p999", millis(d.p999().toNanos()));
        node.put("max", millis(d.max().toNanos()));
        node.put("stdev", millis(d.stdDev().toNanos()));
        node.put("count", d.count());
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6, 3);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
