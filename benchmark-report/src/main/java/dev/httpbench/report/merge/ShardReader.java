package dev.httpbench.report.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.ClientStats;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.report.ReportFolder;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads a shard's output back: {@code shard.json}, the run objects of {@code summary.json} and their
 * HdrHistogram interval logs, into a {@link Shard} whose results hold exactly what the shard measured:
 * counts by status and error kind, whole histograms, the timeline with its interval histograms, the
 * generator's own figures and warnings. Stateless.
 */
public final class ShardReader {
    private ShardReader() {
    }

    /** Reads the shard output in a report folder. */
    public static Shard read(Path folder) throws MergeException {
        if (!Files.isRegularFile(folder.resolve(ShardOutput.FILE))) {
            throw new MergeException(folder + ": no " + ShardOutput.FILE + " (is it a shard's report folder?)");
        }
        try {
            return read(folder.toString(), ShardOutput.files(folder));
        } catch (java.io.UncheckedIOException e) {
            throw new MergeException(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Reads a shard output given as files by their relative path, as {@link ShardOutput#files(Path)}
     * gives them.
     *
     * @param source names where the files came from in messages
     */
    public static Shard read(String source, Map<String, byte[]> files) throws MergeException {
        JsonNode shard = json(source, files, ShardOutput.FILE);
        JsonNode summary = json(source, files, ReportFolder.SUMMARY);
        String where = source + " " + ShardOutput.FILE;
        long format = Json.longValue(shard, "format", where);
        if (format != ShardOutput.FORMAT) {
            throw new MergeException(where + ": format " + format + " is not the " + ShardOutput.FORMAT
                    + " this httpbench reads (written by httpbench " + shard.at("/tool/version").asText("?") + ")");
        }
        JsonNode clock = shard.get("clock");
        ShardInfo info;
        try {
            info = new ShardInfo((int) Json.longValue(Json.required(shard, "shard", where), "index", where),
                    (int) Json.longValue(shard.get("shard"), "count", where), Json.text(shard, "test_id", where),
                    Json.text(shard, "host", where), Json.instant(shard, "start_at", where),
                    Json.requiredDuration(shard, "lateness", where),
                    clock == null || clock.isNull() ? null : new ClockOffset(Json.requiredDuration(clock, "low", where),
                            Json.requiredDuration(clock, "high", where), Json.text(clock, "reference", where)));
        } catch (IllegalArgumentException e) {
            throw new MergeException(where + ": " + e.getMessage(), e);
        }
        JsonNode test = Json.required(shard, "test", where);
        Matrix matrix;
        try {
            matrix = Matrix.builder(ConfigJson.read(Json.required(test, "base", where), where + " test.base"))
                    .concurrencyLevels(ints(test.path("concurrency_levels"))).workerCounts(ints(test.path("workers")))
                    .rates(doubles(test.path("rates_rps"))).repeats((int) Json.longValue(test, "repeats", where))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new MergeException(where + ": the test's matrix does not read back: " + e.getMessage(), e);
        }
        Map<String, JsonNode> summaryRuns = new HashMap<>();
        for (JsonNode run : summary.path("runs")) {
            summaryRuns.put(run.path("name").asText(), run);
        }
        List<MatrixRun> runs = new ArrayList<>();
        for (JsonNode run : shard.path("runs")) {
            String name = Json.text(run, "name", where);
            int index = (int) Json.longValue(run, "point", where);
            if (index < 0 || index >= matrix.points().size() || !matrix.points().get(index).name().equals(name)) {
                throw new MergeException(where + ": run '" + name + "' is not point " + index + " of the test's matrix");
            }
            JsonNode json = summaryRuns.get(name);
            if (json == null) {
                throw new MergeException(source + " " + ReportFolder.SUMMARY + ": no run named '" + name + "'");
            }
            MatrixPoint point = matrix.points().get(index);
            runs.add(new MatrixRun(point, result(source, files, run, json, where + " run " + name)));
        }
        return new Shard(source, info, matrix, Json.requiredInstant(test, "started_at", where), runs);
    }

    private static dev.httpbench.BenchmarkResult result(String source, Map<String, byte[]> files, JsonNode run,
            JsonNode json, String where) throws MergeException {
        BenchmarkConfig config = ConfigJson.read(Json.required(run, "config", where), where + " config");
        Instant startedAt = Json.requiredInstant(run, "started_at", where);
        JsonNode histograms = Json.required(run, "histograms", where);
        String summaryWhere = source + " " + ReportFolder.SUMMARY + " run " + json.path("name").asText();
        ResultBuilder b = ResultBuilder.of(config)
                .startedAt(startedAt)
                .duration(Json.requiredDuration(run, "duration", where))
                .issueDuration(Json.requiredDuration(run, "issue_duration", where))
                .warmupTaken(Json.requiredDuration(run, "warmup_taken", where))
                .scheduleLag(Json.requiredDuration(run, "schedule_lag_max", where),
                        Json.requiredDuration(run, "schedule_lag_final", where))
                .latency(distribution(histograms, "latency", where))
                .serviceTime(distribution(histograms, "service_time", where))
                .sendLag(distribution(histograms, "send_lag", where))
                .connectTime(distribution(histograms, "connect_time", where))
                .timing(timing(histograms, where))
                .sent(Json.longValue(Json.required(json, "requests", summaryWhere), "sent", summaryWhere))
                .bytesReceived(Json.longValue(json, "bytes_received", summaryWhere))
                .connectionsOpened(json.path("connections").path("opened").asLong())
                .reconnects(json.path("connections").path("reconnects").asLong())
                .interrupted(json.path("interrupted").asBoolean(false));
        for (Map.Entry<String, JsonNode> e : json.path("status_codes").properties()) {
            try {
                b.status(Integer.parseInt(e.getKey()), e.getValue().asLong());
            } catch (NumberFormatException bad) {
                throw new MergeException(summaryWhere + ": status code '" + e.getKey() + "' is not a number");
            }
        }
        for (Map.Entry<String, JsonNode> e : json.path("errors").properties()) {
            b.error(kind(e.getKey(), summaryWhere), e.getValue().asLong());
        }
        json.path("warnings").forEach(w -> b.warning(w.asText()));
        if (json.hasNonNull("client")) {
            b.client(client(json.get("client")));
        }
        b.timeline(timeline(source, files, json, startedAt, summaryWhere));
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new MergeException(summaryWhere + ": the counts do not add up: " + e.getMessage(), e);
        }
    }

    private static List<Interval> timeline(String source, Map<String, byte[]> files, JsonNode json, Instant startedAt,
            String where) throws MergeException {
        JsonNode entries = json.path("timeline");
        String logName = json.path("histogram_log").asText(null);
        if (entries.isEmpty()) {
            return List.of();
        }
        byte[] log = logName == null ? null : files.get(logName);
        if (log == null) {
            throw new MergeException(source + ": the HdrHistogram log " + logName + " of " + where + " is missing");
        }
        List<Histogram> histograms = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log));
        try {
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                histograms.add((Histogram) h);
            }
        } catch (RuntimeException e) {
            throw new MergeException(source + " " + logName + ": not an HdrHistogram interval log (" + e + ")", e);
        } finally {
            reader.close();
        }
        if (histograms.size() != entries.size()) {
            throw new MergeException(source + " " + logName + ": " + histograms.size()
                    + " interval histograms, but the timeline of " + where + " has " + entries.size() + " entries");
        }
        List<Interval> timeline = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            Duration offset = seconds(e.path("t_s"));
            timeline.add(Intervals.of(startedAt.plus(offset), offset, seconds(e.path("length_s")),
                    e.path("succeeded").asLong(), e.path("failed").asLong(), histograms.get(i)));
        }
        return timeline;
    }

    private static ClientStats client(JsonNode c) {
        List<Double> busy = new ArrayList<>();
        c.path("worker_busy_percent").forEach(v -> busy.add(v.asDouble()));
        return ClientStats.builder()
                .cpuPercent(c.path("cpu_percent").asDouble())
                .cpuPeakPercent(c.path("cpu_peak_percent").asDouble())
                .cpuMicrosPerRequest(c.path("cpu_us_per_request").asDouble())
                .rssPeakBytes(mb(c.path("rss_peak_mb")))
                .heapPeakBytes(mb(c.path("heap_peak_mb")))
                .threadsPeak(c.path("threads_peak").asInt())
                .systemCpuPercent(c.path("system_cpu_percent").asDouble())
                .openFilesPeak(c.path("open_files_peak").asLong())
                .openFilesLimit(c.path("open_files_limit").asLong())
                .tcpEstablishedPeak(c.path("tcp_established_peak").asInt())
                .tcpTimeWaitPeak(c.path("tcp_time_wait_peak").asInt())
                .gcPauseTotal(Duration.ofNanos(Math.round(c.path("gc_pause_ms").asDouble() * 1e6)))
                .gcPauseMaxPercent(c.path("gc_pause_max_percent").asDouble())
                .workerBusyPercent(busy)
                .workerBusyPeakPercent(c.path("worker_busy_peak_percent").asDouble())
                .samples(c.path("samples").asInt())
                .build();
    }

    private static long mb(JsonNode v) {
        double mb = v.asDouble(-1);
        return mb < 0 ? -1 : Math.round(mb * 1024 * 1024);
    }

    private static FailureKind kind(String id, String where) throws MergeException {
        try {
            return FailureKind.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new MergeException(where + ": " + e.getMessage(), e);
        }
    }

    private static LatencyDistribution distribution(JsonNode histograms, String name, String where)
            throws MergeException {
        return LatencyDistribution.of(HistogramCodec.decode(Json.text(histograms, name, where), where + " " + name));
    }

    /** The phase histograms; a shard written before they existed has none, and its timing is empty. */
    private static Timing timing(JsonNode histograms, String where) throws MergeException {
        Timing.Builder t = Timing.builder();
        for (Timing.Phase phase : Timing.Phase.values()) {
            if (histograms.has("timing_" + phase.key())) {
                t.phase(phase, distribution(histograms, "timing_" + phase.key(), where));
            }
        }
        return t.build();
    }

    private static Duration seconds(JsonNode v) {
        return Duration.ofNanos(Math.round(v.asDouble() * 1e9));
    }

    private static JsonNode json(String source, Map<String, byte[]> files, String name) throws MergeException {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new MergeException(source + ": " + name + " is missing");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new MergeException(source + " " + name + ": not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new MergeException(source + " " + name + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asInt()));
        return out;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return out;
    }
}
