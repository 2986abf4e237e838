package dev.httpbench.internal;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;
import dev.httpbench.spi.Durations;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The plain-text summary of a result, laid out like wrk's output. */
public final class TextSummary {
    private TextSummary() {
    }

    public static String summarize(BenchmarkResult r) {
        BenchmarkConfig c = r.config();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s test @ %s%s%n", Durations.format(r.duration()), c.displayTarget(),
                r.interrupted() ? " (interrupted)" : ""));
        s.append(String.format(Locale.ROOT, "  %d %s, %d %s%s%n", c.workers(), c.workers() == 1 ? "worker" : "workers",
                c.concurrency(),
                !c.stages().isEmpty() ? "connections max, open loop in " + c.stages().size() + " stages up to "
                        + num(c.rate()) + " req/s"
                        : c.openLoop() ? "connections max, open loop at " + num(c.rate()) + " req/s"
                        : "concurrent (closed loop)",
                r.warmupTaken().isZero() ? "" : ", warm-up " + Durations.format(r.warmupTaken())
                        + (c.warmup().isEmpty() ? " (automatic)" : "")));
        latencyLines(s, "Latency", r.latency());
        if (c.openLoop()) {
            latencyLines(s, "Service", r.serviceTime());
        }
        if (r.sendLag().count() > 0) {
            s.append(String.format(Locale.ROOT, "  Send lag p50 %s  p99 %s  max %s (the generator's own delay)%n",
                    format(r.sendLag().p50()), format(r.sendLag().p99()), format(r.sendLag().max())));
        }
        timingLine(s, r.timing());
        if (r.connectionsOpened() > 0) {
            s.append(String.format(Locale.ROOT, "  Connections %d opened, %d reconnects, connect p50 %s  p99 %s%n",
                    r.connectionsOpened(), r.reconnects(), format(r.connectTime().p50()), format(r.connectTime().p99())));
        }
        if (c.openLoop()) {
            s.append(String.format(Locale.ROOT, "  Achieved rate %s req/s of %s, schedule lag max %s, at end %s%n",
                    num(r.requestRate()), num(r.plannedRate()), format(r.maxScheduleLag()), format(r.finalScheduleLag())));
        }
        s.append(String.format(Locale.ROOT, "  %d requests in %s, %s read%n", r.sent(), format(r.duration()),
                bytes(r.bytesReceived())));
        long errorResponses = r.statusCounts().entrySet().stream()
                .filter(e -> !c.successStatuses().contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        if (errorResponses > 0) {
            s.append("  Non-success responses: ").append(errorResponses).append(" (")
                    .append(r.statusCounts().entrySet().stream()
                            .filter(e -> !c.successStatuses().contains(e.getKey()))
                            .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")))
                    .append(")\n");
        }
        if (!r.errors().isEmpty()) {
            s.append("  Errors: ").append(r.errors().entrySet().stream()
                    .map(e -> e.getKey().id() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        }
        PartsTable.append(s, r);
        s.append(String.format(Locale.ROOT, "Requests/sec: %s (ok %d, failed %d, error rate %.2f%%)%n",
                num(r.throughput()), r.succeeded(), r.failed(), r.errorRate() * 100));
        double seconds = r.duration().toNanos() / 1e9;
        s.append("Transfer/sec: ").append(bytes(seconds > 0 ? (long) (r.bytesReceived() / seconds) : 0)).append('\n');
        r.client().ifPresent(client -> s.append(String.format(Locale.ROOT,
                "Client: CPU %.1f%% of cores (peak %.1f%%), %.1fus/request, RSS peak %s, heap peak %s, "
                        + "threads peak %d%s%n",
                client.cpuPercent(), client.cpuPeakPercent(), client.cpuMicrosPerRequest(),
                client.rssPeakBytes() < 0 ? "unknown" : bytes(client.rssPeakBytes()), bytes(client.heapPeakBytes()),
                client.threadsPeak(), client.workerBusyMaxPercent() < 0 ? ""
                        : String.format(Locale.ROOT, ", busiest worker %.1f%%", client.workerBusyMaxPercent()))));
        for (String w : r.warnings()) {
            s.append("WARNING: ").append(w).append('\n');
        }
        return s.toString();
    }

    /** Where the time went, p50 / p99 of each phase that was measured, on one line. */
    private static void timingLine(StringBuilder s, Timing t) {
        String phases = Arrays.stream(Timing.Phase.values()).filter(p -> t.phase(p).count() > 0)
                .map(p -> p.key() + " " + format(t.phase(p).p50()) + " / " + format(t.phase(p).p99()))
                .collect(Collectors.joining(", "));
        if (!phases.isEmpty()) {
            s.append("  Timing p50 / p99: ").append(phases).append('\n');
        }
    }

    private static void latencyLines(StringBuilder s, String label, LatencyDistribution l) {
        s.append(String.format(Locale.ROOT, "  %-8s mean %s, stdev %s, max %s%n", label, format(l.mean()),
                format(l.stdDev()), format(l.max())));
        s.append(String.format(Locale.ROOT, "           p50 %s  p90 %s  p99 %s  p99.9 %s%n", format(l.p50()),
                format(l.p90()), format(l.p99()), format(l.p999())));
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + "B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2fKB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2fMB", b / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2fGB", b / (1024.0 * 1024 * 1024));
    }

}
