package dev.httpbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientSample;
import dev.httpbench.ClientStats;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Stage;
import dev.httpbench.Timing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One result as JSON: the run object of {@code summary.json} (schema in the README), also written on
 * its own as a result file. Times are in milliseconds with microsecond precision, rates in per second.
 * Stateless and thread-safe.
 */
public final class ResultJson {
    private ResultJson() {
    }

    /** The result as JSON text: the run object of summary.json. */
    public static String toJsonString(BenchmarkResult r) {
        try {
            return Jackson.MAPPER.writeValueAsString(toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The figures a baseline comparison needs, read back from a run JSON (a result file, or one entry
     * of summary.json's {@code runs}); a figure the JSON lacks is null.
     *
     * @param throughputRps {@code throughput_rps}
     * @param p99 {@code latency_ms.p99}
     */
    public record Figures(Double throughputRps, Duration p99) {
    }

    /**
     * Reads the figures of a run JSON.
     *
     * @throws IOException when the text is not JSON
     */
    public static Figures read(InputStream in) throws IOException {
        JsonNode json = Jackson.MAPPER.readTree(in);
        JsonNode throughput = json.path("throughput_rps");
        JsonNode p99 = json.path("latency_ms").path("p99");
        return new Figures(throughput.isNumber() ? throughput.asDouble() : null,
                p99.isNumber() ? Duration.ofNanos(Math.round(p99.asDouble() * 1e6)) : null);
    }

    /** The result as a JSON object. */
    static ObjectNode toJson(BenchmarkResult r) {
        BenchmarkConfig c = r.config();
        ObjectNode run = Jackson.MAPPER.createObjectNode();
        run.put("target", c.displayTarget());
        run.put("method", c.method());
        run.put("concurrency", c.concurrency());
        run.put("workers", c.workers());
        if (c.openLoop()) {
            run.put("rate_rps", c.rate());
        } else {
            run.putNull("rate_rps");
        }
        if (!c.stages().isEmpty()) {
            ArrayNode stages = run.putArray("stages");
            for (Stage st : c.stages()) {
                ObjectNode stage = stages.addObject();
                stage.put("from_rps", st.fromRate());
                stage.put("to_rps", st.toRate());
                stage.put("duration_s", seconds(st.duration()));
            }
        }
        run.put("started_at", r.startedAt().toString());
        run.put("duration_s", seconds(r.duration()));
        run.put("warmup_s", seconds(r.warmupTaken()));
        run.put("warmup_automatic", c.warmup().isEmpty());
        ObjectNode requests = run.putObject("requests");
        requests.put("sent", r.sent());
        requests.put("succeeded", r.succeeded());
        requests.put("failed", r.failed());
        run.put("throughput_rps", round(r.throughput(), 3));
        run.put("request_rate_rps", round(r.requestRate(), 3));
        run.put("error_rate", round(r.errorRate(), 6));
        latency(run.putObject("latency_ms"), r.latency());
        if (c.openLoop()) {
            latency(run.putObject("service_time_ms"), r.serviceTime());
            ObjectNode lag = run.putObject("schedule_lag_ms");
            lag.put("max", millis(r.maxScheduleLag()));
            lag.put("final", millis(r.finalScheduleLag()));
        } else {
            run.putNull("service_time_ms");
            run.putNull("schedule_lag_ms");
        }
        latency(run.putObject("send_lag_ms"), r.sendLag());
        ObjectNode connections = run.putObject("connections");
        connections.put("opened", r.connectionsOpened());
        connections.put("reconnects", r.reconnects());
        latency(connections.putObject("connect_ms"), r.connectTime());
        ObjectNode timing = run.putObject("timing_ms");
        for (Timing.Phase phase : Timing.Phase.values()) {
            latency(timing.putObject(phase.key()), r.timing().phase(phase));
        }
        ObjectNode statuses = run.putObject("status_codes");
        r.statusCounts().forEach((status, count) -> statuses.put(Integer.toString(status), count));
        ObjectNode errors = run.putObject("errors");
        r.errors().forEach((kind, count) -> errors.put(kind.id(), count));
        run.put("bytes_received", r.bytesReceived());
        PartsJson.addTo(run, r);
        run.put("interrupted", r.interrupted());
        ArrayNode warnings = run.putArray("warnings");
        r.warnings().forEach(warnings::add);
        if (r.client().isPresent()) {
            client(run.putObject("client"), r.client().get());
        } else {
            run.putNull("client");
        }
        ArrayNode timeline = run.putArray("timeline");
        for (Interval i : r.timeline()) {
            ObjectNode entry = timeline.addObject();
            entry.put("t_s", seconds(i.offset()));
            entry.put("length_s", seconds(i.length()));
            entry.put("succeeded", i.succeeded());
            entry.put("failed", i.failed());
            entry.put("throughput_rps", round(i.throughput(), 3));
            entry.put("p50_ms", millis(i.p50()));
            entry.put("p90_ms", millis(i.p90()));
            entry.put("p99_ms", millis(i.p99()));
            entry.put("max_ms", millis(i.max()));
            optional(entry, "sent", i.sent());
            double planned = Timeline.plannedRate(c, i);
            if (Double.isNaN(planned)) {
                entry.putNull("planned_rate_rps");
            } else {
                entry.put("planned_rate_rps", round(planned, 3));
            }
            if (i.brokenDown()) {
                ObjectNode codes = entry.putObject("status_codes");
                i.statusCounts().forEach((status, count) -> codes.put(Integer.toString(status), count));
                ObjectNode kinds = entry.putObject("errors");
                i.errors().forEach((kind, count) -> kinds.put(kind.id(), count));
            } else {
                entry.putNull("status_codes");
                entry.putNull("errors");
            }
            optional(entry, "bytes_received", i.bytesReceived());
            optional(entry, "in_flight", i.inFlight());
            percentiles(entry, "service_time_ms", i.serviceTime().orElse(null));
            percentiles(entry, "send_lag_ms", i.sendLag().orElse(null));
            if (i.client().isPresent()) {
                sample(entry.putObject("client"), i.client().get());
            } else {
                entry.putNull("client");
            }
        }
        return run;
    }

    /** Writes {@link #toJson} to {@code file}, creating parent folders. */
    public static void write(BenchmarkResult r, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Jackson.MAPPER.writeValue(file.toFile(), toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write result JSON to " + file, e);
        }
    }

    /** A figure the engine may not have recorded: null then. */
    private static void optional(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }

    /** {@code {"p50", "p90", "p99", "max"}} of an interval's distribution, or null when not recorded. */
    private static void percentiles(ObjectNode node, String field, LatencyDistribution d) {
        if (d == null) {
            node.putNull(field);
            return;
        }
        ObjectNode o = node.putObject(field);
        o.put("p50", millis(d.p50()));
        o.put("p90", millis(d.p90()));
        o.put("p99", millis(d.p99()));
        o.put("max", millis(d.max()));
    }

    private static void latency(ObjectNode node, LatencyDistribution d) {
        node.put("min", millis(d.min()));
        node.put("mean", millis(d.mean()));
        node.put("p50", millis(d.p50()));
        node.put("p90", millis(d.p90()));
        node.put("p99", millis(d.p99()));
        node.put("p999", millis(d.p999()));
        node.put("max", millis(d.max()));
        node.put("stdev", millis(d.stdDev()));
        node.put("count", d.count());
    }

    private static void client(ObjectNode node, ClientStats s) {
        node.put("cpu_percent", round(s.cpuPercent(), 2));
        node.put("cpu_peak_percent", round(s.cpuPeakPercent(), 2));
        node.put("cpu_us_per_request", round(s.cpuMicrosPerRequest(), 2));
        node.put("rss_peak_mb", s.rssPeakBytes() < 0 ? -1 : round(s.rssPeakBytes() / (1024.0 * 1024), 2));
        node.put("heap_peak_mb", round(s.heapPeakBytes() / (1024.0 * 1024), 2));
        node.put("threads_peak", s.threadsPeak());
        node.put("system_cpu_percent", round(s.systemCpuPercent(), 2));
        node.put("open_files_peak", s.openFilesPeak());
        node.put("open_files_limit", s.openFilesLimit());
        node.put("tcp_established_peak", s.tcpEstablishedPeak());
        node.put("tcp_time_wait_peak", s.tcpTimeWaitPeak());
        node.put("gc_pause_ms", millis(s.gcPauseTotal()));
        node.put("gc_pause_max_percent", round(s.gcPauseMaxPercent(), 2));
        percents(node.putArray("worker_busy_percent"), s.workerBusyPercent());
        node.put("worker_busy_peak_percent", round(s.workerBusyPeakPercent(), 2));
        node.put("samples", s.samples());
    }

    /** One monitor sample in a timeline entry; -1 stands for a figure this platform could not measure. */
    private static void sample(ObjectNode node, ClientSample s) {
        node.put("t_s", seconds(s.offset()));
        node.put("cpu_percent", round(s.cpuPercent(), 2));
        node.put("cpu_us_per_request", round(s.cpuMicrosPerRequest(), 2));
        node.put("rss_mb", s.rssBytes() < 0 ? -1 : round(s.rssBytes() / (1024.0 * 1024), 2));
        node.put("heap_mb", round(s.heapUsedBytes() / (1024.0 * 1024), 2));
        node.put("threads", s.threads());
        node.put("open_files", s.openFiles());
        node.put("system_cpu_percent", round(s.systemCpuPercent(), 2));
        node.put("tcp_established", s.tcpEstablished());
        node.put("tcp_time_wait", s.tcpTimeWait());
        node.put("gc_pause_ms", millis(s.gcPause()));
        percents(node.putArray("worker_busy_percent"), s.workerBusyPercent());
    }

    private static void percents(ArrayNode array, java.util.List<Double> values) {
        values.forEach(v -> array.add(round(v, 2)));
    }

    private static double millis(Duration d) {
        return round(d.toNanos() / 1e6, 3);
    }

    private static double seconds(Duration d) {
        return round(d.toNanos() / 1e9, 3);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
